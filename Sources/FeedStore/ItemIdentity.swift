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
        if let guid = entry.guid?.trimmingCharacters(in: .whitespacesAndNewlines), !guid.isEmpty {
            return "guid:" + guid
        }
        if let url = entry.url?.trimmingCharacters(in: .whitespacesAndNewlines), !url.isEmpty {
            return "url:" + url
        }
        return "hash:" + entry.contentFingerprint
    }

    /// A hash of what a reader would see change: title, link, content, summary and enclosures.
    ///
    /// Dates, comment counts, authors and tags are left out: feeds bump `<updated>` and
    /// `slash:comments` on every comment or rebuild, and an `updated` event for that is noise.
    /// The link enters normalised, so a site's move from `http` to `https` is no update either.
    static func contentHash(of entry: Entry) -> String {
        var text = ""
        for field in [entry.title, normalizedURL(entry.url), entry.contentHTML, entry.contentText, entry.summary] {
            text += field ?? ""
            text += "\u{1F}"
        }
        for enclosure in entry.enclosures {
            text += enclosure.url + "\u{1E}" + (enclosure.mimeType ?? "") + "\u{1E}"
            text += enclosure.sizeInBytes.map(String.init) ?? ""
            text += "\u{1F}"
        }
        return SHA256.hex(Array(text.utf8))
    }

    /// A URL reduced for the guid-rewrite match: `http` and `https` alike, host case and
    /// trailing slashes ignored. Nil for an entry without a URL.
    static func normalizedURL(_ url: String?) -> String? {
        guard var text = url?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
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
