import FeedModel

/// An entry while its element is being read: the `Entry` plus the candidates that only the whole item
/// can settle (which text is the body and which the summary, which link is the article's).
struct EntryDraft {
    var entry = Entry()
    /// `content:encoded` or Atom `<content>`: the full article.
    var body: TextConstruct?
    /// RSS `<description>` or Atom `<summary>`: a teaser when there is a body, else the body itself.
    var teaser: TextConstruct?
    /// `itunes:summary`, `media:description`: used only when nothing better is there.
    var fallbackText: TextConstruct?
    var itunesDuration: Double?
    /// RSS `<guid isPermaLink>`; true by default (RSS 2.0).
    var guidIsPermaLink = true
    /// Atom `rel="alternate"` links: (href, type).
    var alternates: [(String, String?)] = []
    /// Numbers the item wrote that were refused (`<itunes:duration> "inf" is not a number`), for its warnings.
    var refusedNumbers: [String] = []

    mutating func addTag(_ tag: String?) {
        guard let tag = tag?.trimmedOrNil, !entry.tags.contains(tag) else { return }
        entry.tags.append(tag)
    }

    mutating func addEnclosure(_ enclosure: Enclosure) {
        if let index = entry.enclosures.firstIndex(where: { $0.url == enclosure.url }) {
            var known = entry.enclosures[index]
            known.mimeType = known.mimeType ?? enclosure.mimeType
            known.sizeInBytes = known.sizeInBytes ?? enclosure.sizeInBytes
            known.durationSeconds = known.durationSeconds ?? enclosure.durationSeconds
            known.title = known.title ?? enclosure.title
            entry.enclosures[index] = known
        } else {
            entry.enclosures.append(enclosure)
        }
    }

    /// The finished entry; `documentURL` is the last base for relative links in its HTML.
    func finish(documentURL: String?) -> Entry {
        var result = entry
        if result.url == nil, !alternates.isEmpty {
            result.url = (alternates.first { $0.1 == nil || $0.1 == "text/html" } ?? alternates[0]).0
        }
        if result.url == nil, guidIsPermaLink, let guid = result.guid,
           guid.hasPrefix("http://") || guid.hasPrefix("https://") {
            result.url = guid
        }
        if let body {
            setContent(body, on: &result, documentURL: documentURL)
            result.summary = teaser?.safePlainText
        } else if let main = teaser ?? fallbackText {
            setContent(main, on: &result, documentURL: documentURL)
        }
        if let itunesDuration {
            for index in result.enclosures.indices where result.enclosures[index].durationSeconds == nil {
                result.enclosures[index].durationSeconds = itunesDuration
            }
        }
        return result
    }

    /// Sets the entry's content; HTML is sanitized with relative links resolved against the element's
    /// `xml:base`, then the item's link, then the feed's URL.
    private func setContent(_ text: TextConstruct, on entry: inout Entry, documentURL: String?) {
        switch text.kind {
        case .html: entry.contentHTML = HTMLSanitizer.sanitize(text.value, base: text.base ?? entry.url ?? documentURL).trimmedOrNil
        case .text: entry.contentText = text.value
        }
    }
}

/// Helpers for values feeds write in several ways.
enum FeedValues {
    /// RSS `<author>` / `<managingEditor>`: `jo@example.org (Jo Doe)`, `Jo Doe <jo@example.org>`
    /// (the mail header form many feeds write), or a bare address or name.
    static func rssAuthor(_ text: String?) -> Author? {
        guard let text = text?.trimmedOrNil else { return nil }
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            let email = String(text[text.index(after: open)..<close]).trimmedOrNil
            if let email, email.contains("@") {
                return Author(name: String(text[..<open]).trimmedOrNil, email: email)
            }
        }
        if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
            let name = String(text[text.index(after: open)..<close]).trimmedOrNil
            let email = String(text[..<open]).trimmedOrNil
            return Author(name: name, email: email?.contains("@") == true ? email : nil)
        }
        if text.contains("@"), !text.contains(" ") { return Author(email: text) }
        return Author(name: text)
    }

    /// Seconds of a syndication module period (`sy:updatePeriod`) at `frequency` updates per period
    /// (already range-checked by the caller; nil means once).
    static func syndicationInterval(period: String?, frequency: Int64?) -> Double? {
        guard let period = period?.trimmedOrNil?.lowercased() else { return nil }
        let seconds: Double
        switch period {
        case "hourly": seconds = 3600
        case "daily": seconds = 86_400
        case "weekly": seconds = 604_800
        case "monthly": seconds = 2_592_000
        case "yearly": seconds = 31_536_000
        default: return nil
        }
        let times = frequency.flatMap { $0 > 0 ? Double($0) : nil } ?? 1
        return seconds / times
    }
}
