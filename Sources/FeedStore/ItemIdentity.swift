import FeedModel
import Foundation

/// How an item is recognised inside its feed, and how a change to it is detected.
package enum ItemIdentity {
    /// The identity key of an entry inside its feed.
    ///
    /// FROZEN: this rule must never change. Every stored item carries the key it produced; a
    /// different rule would give every stored article a new key, and the next poll would store
    /// and announce the whole feed again. Add a migration that rewrites stored keys if it ever must.
    ///
    /// - `guid:<guid>` for an RSS guid / Atom id / JSON Feed id, trimmed, when not empty;
    /// - else `url:<url>` for the entry's link, trimmed, when not empty;
    /// - else `hash:<Entry.contentFingerprint>` (title, publication date, content).
    package static func key(for entry: Entry) -> String {
        if let guid = trimmed(entry.guid) { return "guid:" + guid }
        if let url = trimmed(entry.url) { return "url:" + url }
        return "hash:" + entry.contentFingerprint
    }

    /// A hash of what a reader would see change: title, link, content, summary and enclosures,
    /// in the current form (`ContentHash`).
    ///
    /// Dates, comment counts, authors and tags are left out: feeds bump `<updated>` and
    /// `slash:comments` on every comment or rebuild, and an `updated` event for that is noise.
    /// The link enters normalised, so a site's move from `http` to `https` is no update either.
    /// Changing which fields enter makes every stored item look changed once: that needs a
    /// migration. The hash function itself may change only as a new `ContentHash` form.
    static func contentHash(of entry: Entry) -> String {
        contentHash(of: entry, normalizedURL: normalizedURL(entry.url))
    }

    /// `contentHash(of:)` with the entry's `normalizedURL` already worked out.
    package static func contentHash(of entry: Entry, normalizedURL: String?) -> String {
        contentHash(of: entry, normalizedURL: normalizedURL, with: WordHasher.self)
    }

    /// Whether an entry whose current-form hash is `hash` has the content a stored item's hash
    /// `stored` describes. A hash stored in the earlier form is compared in that form, so items
    /// stored before the function changed do not look changed.
    package static func hasContent(hash: String, entry: Entry, normalizedURL: String?, of stored: String) -> Bool {
        if ContentHash.isCurrent(stored) { return hash == stored }
        return contentHash(of: entry, normalizedURL: normalizedURL, with: FNV1aHasher.self) == stored
    }

    private static func contentHash<Hasher: ContentHashing>(of entry: Entry, normalizedURL: String?,
                                                            with: Hasher.Type) -> String {
        var hash = Hasher()
        for field in [entry.title, normalizedURL, entry.contentHTML, entry.contentText, entry.summary] {
            hash.add(field ?? "")
        }
        for enclosure in entry.enclosures {
            hash.add(enclosure.url)
            hash.add(enclosure.mimeType ?? "")
            hash.add(enclosure.sizeInBytes.map(String.init) ?? "")
        }
        return hash.text
    }

    /// The entry's text with surrounding whitespace removed, nil when nothing is left.
    package static func trimmed(_ text: String?) -> String? {
        guard let text else { return nil }
        guard let first = text.first, let last = text.last else { return nil }
        if !first.isWhitespace && !last.isWhitespace { return text }
        let trimmed = text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// A URL reduced for the guid-rewrite match: `http` and `https` alike, host case and
    /// trailing slashes ignored. Nil for an entry without a URL.
    ///
    /// It runs several times per ingested entry, so an all-ASCII URL (nearly every one) is
    /// reduced on its bytes; the result is the same as `normalizedURLByCharacters`, which
    /// defines it and handles the rest.
    package static func normalizedURL(_ url: String?) -> String? {
        guard let url else { return nil }
        switch ASCIIURL.normalized(url) {
        case .normalized(let text): return text
        case .empty: return nil
        case .notASCII: return normalizedURLByCharacters(url)
        }
    }

    /// The definition of `normalizedURL`, on Characters.
    static func normalizedURLByCharacters(_ url: String?) -> String? {
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
    package static let sightingRefresh: TimeInterval = 6 * 3600
}

/// `ItemIdentity.normalizedURL` on the bytes of an all-ASCII URL, where every Character is one byte.
private enum ASCIIURL {
    enum Outcome {
        case normalized(String)
        /// Nothing left after trimming whitespace.
        case empty
        case notASCII
    }

    static func normalized(_ url: String) -> Outcome {
        var url = url
        return url.withUTF8 { bytes -> Outcome in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return .notASCII }
            // Character.isWhitespace among ASCII: tab, line feed, vertical tab, form feed, return, space.
            func isWhitespace(_ byte: UInt8) -> Bool { (0x09...0x0D).contains(byte) || byte == 0x20 }
            var start = 0
            var end = bytes.count
            while start < end && isWhitespace(bytes[start]) { start += 1 }
            while end > start && isWhitespace(bytes[end - 1]) { end -= 1 }
            guard start < end else { return .empty }
            if hasPrefix(bytes, start, end, "https://") {
                start += 8
            } else if hasPrefix(bytes, start, end, "http://") {
                start += 7
            }
            while end > start && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            var text = [UInt8]()
            text.reserveCapacity(end - start)
            var inHost = true
            for byte in bytes[start..<end] {
                if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { inHost = false }
                text.append(inHost && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte)
            }
            return .normalized(String(decoding: text, as: UTF8.self))
        }
    }

    /// ASCII case-insensitive test that `bytes[start..<end]` begins with the lowercase `prefix`.
    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ prefix: StaticString) -> Bool {
        guard end - start >= prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { prefix in
            prefix.indices.allSatisfy { index in
                let byte = bytes[start + index]
                return ((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte) == prefix[index]
            }
        }
    }
}
