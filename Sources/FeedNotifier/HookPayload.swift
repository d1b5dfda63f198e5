import Foundation
import FeedModel

/// The one JSON object a hook receives for an event — on stdin for `exec`, as the body for
/// `webhook` (DESIGN.md, "What a hook receives").
///
/// Items are encoded by `JSONFeedEncoding.item`, the same encoder as `feedd parse` and
/// `feedd items --json`, so a receiver sees one shape everywhere.
public enum HookPayload {
    /// The event object, keys in this order: `event`, `delivery_id`, `feed`, `item`, `article`.
    ///
    /// `article` is the article a comment belongs to, present only when given (for `comment`).
    public static func make(event: String, deliveryID: String, feedName: String, feedURL: String,
                            feedTitle: String?, entry: Entry, article: Entry?) -> JSONValue {
        var feed = JSONObjectBuilder()
        feed.add("name", feedName)
        feed.add("url", feedURL)
        feed.add("title", feedTitle)

        var object = JSONObjectBuilder()
        object.add("event", event)
        object.add("delivery_id", deliveryID)
        object.add("feed", feed.value)
        object.addRequired("item", JSONFeedEncoding.item(entry))
        object.add("article", article.map(JSONFeedEncoding.item))
        return object.value
    }

    /// The payload as the compact UTF-8 bytes that are written to stdin or POSTed.
    public static func body(_ payload: JSONValue) -> Data {
        Data(payload.serializedBytes())
    }
}
