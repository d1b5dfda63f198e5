import FeedModel
import FeedStore
import Foundation

/// The short, readable message a built-in target sends for one event: the feed's name, the
/// item's title, a few lines of its text and its link — for a comment, the article's title too.
///
/// Chat and phone notifications are read at a glance, so the text is cut to `maxTextCharacters`
/// (at a word where one is near) and to `maxTextLines`; the link leads to the rest.
public struct NotificationMessage: Sendable, Equatable {
    /// `new`, `updated` or `comment`.
    public var event: String
    /// The feed's configured name.
    public var feedName: String
    /// The item's title (or the start of its text when it has none).
    public var title: String
    /// A few lines of plain text.
    public var text: String
    /// The item's link, when it has one.
    public var url: String?
    /// For a comment: the title of the article it belongs to.
    public var articleTitle: String?
    /// The item's categories.
    public var tags: [String]
    /// The text the hook's `template` rendered; when set, targets send it in place of their own text.
    public var customText: String?

    /// The most characters of item text a message quotes.
    public static let maxTextCharacters = 300
    /// The most lines of item text a message quotes.
    public static let maxTextLines = 4
    /// The title a message uses for an item that has neither a title nor text.
    public static let untitled = "(untitled)"

    /// A message from its parts (tests and templates).
    public init(event: String, feedName: String, title: String, text: String, url: String?,
                articleTitle: String? = nil, tags: [String] = []) {
        self.event = event
        self.feedName = feedName
        self.title = title
        self.text = text
        self.url = url
        self.articleTitle = articleTitle
        self.tags = tags
    }

    /// The message for one outbox delivery.
    public init(_ entry: OutboxEntry) {
        let item = entry.item.entry
        let text = Self.excerpt(item.plainText)
        let title = Self.oneLine(item.title ?? "")
        self.init(event: entry.event.rawValue, feedName: entry.feed.name,
                  title: title.isEmpty ? Self.fallbackTitle(text) : title, text: text,
                  url: item.url ?? item.externalURL,
                  articleTitle: entry.article.flatMap { $0.entry.title }.map(Self.oneLine),
                  tags: item.tags)
    }

    /// The heading a target shows: the title, or for a comment "Comment on …".
    public var heading: String {
        guard event == "comment" else { return title }
        guard let articleTitle, !articleTitle.isEmpty else { return "Comment: \(title)" }
        return "Comment on \(articleTitle): \(title)"
    }

    /// The message as plain text: feed, heading, text and link on their own lines.
    public var plainBody: String {
        var lines = ["[\(feedName)] \(heading)"]
        if !text.isEmpty { lines.append(text) }
        if let url { lines.append(url) }
        return lines.joined(separator: "\n")
    }

    /// Text cut to the limits: at most `maxTextLines` non-empty lines and `maxTextCharacters`
    /// characters, with "…" where something was cut.
    static func excerpt(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
        var kept = lines.prefix(maxTextLines).joined(separator: "\n")
        var cut = lines.count > maxTextLines
        if kept.count > maxTextCharacters {
            let prefix = kept.prefix(maxTextCharacters)
            let atWord = prefix.lastIndex(where: \.isWhitespace).map { prefix[..<$0] } ?? prefix
            kept = String(atWord.count > maxTextCharacters / 2 ? atWord : prefix)
            cut = true
        }
        return cut ? kept + "…" : kept
    }

    /// A title on one line, runs of white space as one space.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }

    private static func fallbackTitle(_ text: String) -> String {
        let first = oneLine(text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
        guard !first.isEmpty else { return untitled }
        return first.count > 80 ? String(first.prefix(80)) + "…" : first
    }
}
