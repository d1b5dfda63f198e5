import FeedModel
import FeedStore
import Foundation

/// How `feedd items` and `feedd search` show items: one line each (date, feed, title, URL; a
/// comment marked with its article), or a JSON Feed document whose items carry the feed's name
/// and, for a comment, the article in `_feedd`.
public enum ItemOutput {
    /// Date, feed name, title and URL on one line; everything from input is escaped.
    public static func line(_ listed: ListedItem) -> String {
        let entry = listed.item.entry
        var title = (entry.title ?? "(untitled)").escapedForTerminal
        if listed.isComment {
            let article = (listed.articleTitle ?? listed.articleURL ?? "a deleted article").escapedForTerminal
            title = "[comment on \"\(article)\"] " + title
        }
        return "\(RFC3339.format(listed.date))  \(listed.feedName.escapedForTerminal)  \(title)  "
            + (entry.url ?? "").escapedForTerminal
    }

    /// A JSON Feed 1.1 document of the items.
    public static func jsonFeed(_ items: [ListedItem], title: String) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("version", JSONFeedEncoding.version)
        object.add("title", title)
        object.addRequired("items", .array(items.map(jsonItem)))
        return object.value
    }

    /// The JSON Feed item with `_feedd.feed` and, for a comment, `_feedd.article` (title and URL).
    static func jsonItem(_ listed: ListedItem) -> JSONValue {
        guard case .object(var members) = JSONFeedEncoding.item(listed.item.entry) else { return .null }
        var extensionMembers: [(String, JSONValue)] = []
        if let index = members.firstIndex(where: { $0.0 == "_feedd" }) {
            if case .object(let existing) = members[index].1 { extensionMembers = existing }
            members.remove(at: index)
        }
        extensionMembers.append(("feed", .string(listed.feedName)))
        extensionMembers.append(("kind", .string(listed.isComment ? "comment" : "article")))
        if listed.isComment {
            var article = JSONObjectBuilder()
            article.add("title", listed.articleTitle)
            article.add("url", listed.articleURL)
            extensionMembers.append(("article", article.value))
        }
        members.append(("_feedd", .object(extensionMembers)))
        return .object(members)
    }
}
