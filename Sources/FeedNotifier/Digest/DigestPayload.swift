import FeedModel
import FeedStore
import Foundation

/// What a digest delivery sends: one JSON object listing its events for `exec` and `webhook`,
/// and a short list message for the built-in targets and e-mail.
public enum DigestPayload {
    /// The most items a digest's list message names; the JSON object always holds every one.
    public static let maxListedItems = 20

    /// `{"event":"digest","delivery_id":…,"hook":…,"count":N,"items":[…]}`, each of `items` the
    /// object a single delivery of that event would have sent (with its own `delivery_id`).
    public static func make(_ digest: OutboxEntry) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("event", "digest")
        object.add("delivery_id", digest.deliveryID)
        object.add("hook", digest.hook)
        object.add("count", digest.digestMembers.count)
        object.add("items", .array(digest.digestMembers.map(memberPayload)))
        return object.value
    }

    /// The event object of one member, as its own delivery would send it.
    static func memberPayload(_ entry: OutboxEntry) -> JSONValue {
        HookPayload.make(event: entry.event.rawValue, deliveryID: entry.deliveryID,
                         feedName: entry.feed.name, feedURL: entry.feed.url, feedTitle: entry.feed.fetchState.title,
                         entry: entry.item.entry, article: entry.article?.entry)
    }

    /// The list message: "3 new items" from the feeds involved, one line per item (title and link).
    public static func message(_ digest: OutboxEntry) -> NotificationMessage {
        let members = digest.digestMembers.map(NotificationMessage.init)
        var feeds: [String] = []
        for member in members where !feeds.contains(member.feedName) { feeds.append(member.feedName) }
        var lines = members.prefix(maxListedItems).map { member in
            "• " + member.heading + (member.url.map { " — " + $0 } ?? "")
        }
        if members.count > maxListedItems { lines.append("… and \(members.count - maxListedItems) more") }
        let count = members.count
        return NotificationMessage(event: "digest", feedName: feeds.joined(separator: ", "),
                                   title: count == 1 ? "1 new item" : "\(count) new items",
                                   text: lines.joined(separator: "\n"), url: nil)
    }
}
