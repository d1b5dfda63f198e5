import Foundation

/// One item of a feed (an RSS `<item>`, an Atom `<entry>`, a JSON Feed item), as the parser read it.
///
/// Strings are already decoded (entities, CDATA, encodings) and trimmed; URLs are absolute where
/// a base was known. Absent values are `nil`, never empty strings.
public struct Entry: Sendable, Hashable, Codable {
    /// The identifier exactly as the source wrote it: RSS `<guid>`, Atom `<id>`, JSON Feed `id`.
    public var guid: String?
    public var url: String?
    public var externalURL: String?
    public var title: String?
    public var contentHTML: String?
    public var contentText: String?
    public var summary: String?
    public var imageURL: String?
    public var published: Date?
    public var modified: Date?
    public var authors: [Author]
    public var tags: [String]
    public var enclosures: [Enclosure]
    /// The article's HTML comments page (RSS `<comments>`).
    public var commentsURL: String?
    /// The per-article comment feed (`wfw:commentRss`, Atom `rel="replies"`).
    public var commentsFeedURL: String?
    /// The comment count the feed announces (`slash:comments`, `thr:total`).
    public var commentCount: Int?

    public init(guid: String? = nil, url: String? = nil, externalURL: String? = nil, title: String? = nil,
                contentHTML: String? = nil, contentText: String? = nil, summary: String? = nil,
                imageURL: String? = nil, published: Date? = nil, modified: Date? = nil,
                authors: [Author] = [], tags: [String] = [], enclosures: [Enclosure] = [],
                commentsURL: String? = nil, commentsFeedURL: String? = nil, commentCount: Int? = nil) {
        self.guid = guid
        self.url = url
        self.externalURL = externalURL
        self.title = title
        self.contentHTML = contentHTML
        self.contentText = contentText
        self.summary = summary
        self.imageURL = imageURL
        self.published = published
        self.modified = modified
        self.authors = authors
        self.tags = tags
        self.enclosures = enclosures
        self.commentsURL = commentsURL
        self.commentsFeedURL = commentsFeedURL
        self.commentCount = commentCount
    }

    /// The JSON Feed `id`: the guid when the source has one, else the URL, else a hash of
    /// title, date and content, so that every emitted item has a stable, non-empty id.
    public var jsonFeedID: String {
        if let guid, !guid.isEmpty { return guid }
        if let url, !url.isEmpty { return url }
        return "sha256:" + contentFingerprint
    }

    /// A hash of title, publication date and content; the identity of an item that has neither guid nor URL.
    /// FROZEN for items with a title, a date or content: changing it would make their stored items new.
    public var contentFingerprint: String {
        var text = title ?? ""
        text += "\u{1F}"
        if let published { text += RFC3339.format(published) }
        text += "\u{1F}"
        text += contentHTML ?? contentText ?? summary ?? ""
        // Items with none of those (only an author, a category, an attachment) were never stored before
        // feedd kept every item, so extending the rule for them changes no stored identity.
        if title == nil, published == nil, contentHTML == nil, contentText == nil, summary == nil {
            text += "\u{1F}" + (modified.map(RFC3339.format) ?? "")
            text += "\u{1F}" + authors.map { [$0.name, $0.email, $0.url].compactMap { $0 }.joined(separator: " ") }.joined(separator: ",")
            text += "\u{1F}" + tags.joined(separator: ",")
            text += "\u{1F}" + enclosures.map(\.url).joined(separator: ",")
            text += "\u{1F}" + (externalURL ?? "") + "\u{1F}" + (imageURL ?? "")
        }
        return SHA256.hex(Array(text.utf8))
    }
}
