import FeedModel
import Foundation

/// How an item is recognised inside its feed, and how a change to it is detected.
enum ItemIdentity {
    /// The identity key of an entry inside its feed.
    ///
    /// FROZEN: this rule must never change. Every stored item carries the key it produced; a
    /// different rule would give every stored article a new key, and the next poll would store
    /// and announce the whole feed again. Add a migration that rewrites stored keys if it ever must.
    ///
    /// - `guid:<guid>` for an RSS guid / Atom id / JSON Feed id, trimmed, when not empty;
    /// - else `url:<url>` for the entry's link, trimmed, when not empty;
    /// - else `hash:<Entry.contentFingerprint>` (title, publication date, content).
    static func key(for entry: Entry) -> String {
        if let guid = trimmed(entry.guid) { return "guid:" + guid }
        if let url = trimmed(entry.url) { return "url:" + url }
        return "hash:" + entry.contentFingerprint
    }

    /// A hash of what a reader would see change: title, link, content, summary and enclosures.
    ///
    /// Dates, comment counts, authors and tags are left out: feeds bump `<updated>` and
    /// `slash:comments` on every comment or rebuild, and an `updated` event for that is noise.
    /// The link enters normalised, so a site's move from `http` to `https` is no update either.
    /// The hash is 64-bit FNV-1a, not a cryptographic one: it only detects change between two
    /// versions of one item of one feed, and it runs over every entry of every fetch.
    /// Changing it makes every stored item look changed once: that needs a migration.
    static func contentHash(of entry: Entry) -> String {
        var hash = ContentHasher()
        for field in [entry.title, normalizedURL(entry.url), entry.contentHTML, entry.contentText, entry.summary] {
            hash.add(field ?? "")
        }
        for enclosure in entry.enclosures {
            hash.add(enclosure.url)
            hash.add(enclosure.mimeType ?? "")
            hash.add(enclosure.sizeInBytes.map(String.init) ?? "")
        }
        return hash.hex
    }

    /// The entry's text with surrounding whitespace removed, nil when nothing is left.
    static func trimmed(_ text: String?) -> String? {
        guard let text else { return nil }
        guard let first = text.first, let last = text.last else { return nil }
        if !first.isWhitespace && !last.isWhitespace { return text }
        let trimmed = text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// A URL reduced for the guid-rewrite match: `http` and `https` alike, host case and
    /// trailing slashes ignored. Nil for an entry without a URL.
    static func normalizedURL(_ url: String?) -> String? {
        guard var text = trimmed(url) else { return nil }
        let lowered = text.lowercased()
        for scheme in ["https://", "http://"] where lowered.hasPrefix(scheme) {
            text.removeFirst(scheme.count)
            break
        }
        let hostEnd = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? text.endIndex
        text = text[..<hostEnd].lowercased() + text[hostEnd...]
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// How often `last_seen` of an unchanged item is refreshed; rarer writes, coarse enough for retention.
    static let sightingRefresh: TimeInterval = 6 * 3600
}

/// 64-bit FNV-1a over UTF-8 bytes, each field closed by a separator byte so fields cannot run into each other.
struct ContentHasher {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ field: String) {
        var field = field
        field.withUTF8 { bytes in
            for byte in bytes { mix(byte) }
        }
        mix(0x1F)
    }

    private mutating func mix(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
