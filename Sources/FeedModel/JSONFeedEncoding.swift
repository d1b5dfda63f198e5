import Foundation

/// JSON Feed 1.1 (https://jsonfeed.org/version/1.1) with feedd's `_feedd` extension objects.
///
/// One encoder serves `feedd parse`, `feedd items --json` and hook payloads, so the three never drift.
public enum JSONFeedEncoding {
    public static let version = "https://jsonfeed.org/version/1.1"

    /// The whole feed as a JSON Feed 1.1 document.
    public static func document(_ feed: Feed) -> JSONValue {
        var object = JSONObjectBuilder()
        addFeedMembers(feed, to: &object)
        object.addRequired("items", .array(feed.entries.map(item)))
        return object.value
    }

    /// The same document as `document(feed).write(…)`, byte for byte, written as it is encoded: no
    /// `JSONValue` of the whole feed is built, only of each item's small nested values, which on a
    /// 20 MB feed saved `feedd parse` a few percent.
    ///
    /// `prewritten` items are used when they are exactly `feed.entries` (see `JSONFeedItemPrewriter`);
    /// otherwise the items are encoded here.
    public static func write(_ feed: Feed, pretty: Bool = false, prewritten: JSONFeedItemPrewriter? = nil,
                             chunkBytes: Int = 1 << 16, to sink: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(sink) { sink in
            var writer = JSONTextWriter(pretty: pretty, chunkBytes: chunkBytes, sink: sink)
            writer.beginObject()
            addFeedMembers(feed, to: &writer)
            writer.beginMember("items")
            writer.beginArray()
            if let prewritten, prewritten.pretty == pretty,
               prewritten.withItems(ifTheyAre: feed.entries.count, { writer.appendElements($0) }) {
                writer.countElements(feed.entries.count)
            } else {
                for entry in feed.entries { writeItem(entry, to: &writer) }
            }
            writer.endArray()
            writer.endElement()
            writer.endObject()
            writer.flush()
        }
    }

    /// One element of the `items` array.
    static func writeItem(_ entry: Entry, to writer: inout JSONTextWriter) {
        writer.beginElement()
        writer.beginObject()
        addItemMembers(entry, to: &writer)
        writer.endObject()
        writer.endElement()
    }

    /// The document's members before `items`.
    private static func addFeedMembers(_ feed: Feed, to object: inout some JSONMemberSink) {
        object.add("version", version)
        object.add("title", feed.title ?? "")
        object.add("home_page_url", feed.homePageURL)
        object.add("feed_url", feed.feedURL)
        object.add("description", feed.description)
        object.add("icon", feed.iconURL)
        object.add("language", feed.language)
        object.add("authors", authors(feed.authors))
        if !feed.hubURLs.isEmpty {
            object.add("hubs", .array(feed.hubURLs.map { .object([("type", .string("WebSub")), ("url", .string($0))]) }))
        }
        object.add("_feedd", .object([("format", .string(feed.format.rawValue))]))
    }

    /// One entry as a JSON Feed item.
    public static func item(_ entry: Entry) -> JSONValue {
        var object = JSONObjectBuilder()
        addItemMembers(entry, to: &object)
        return object.value
    }

    private static func addItemMembers(_ entry: Entry, to object: inout some JSONMemberSink) {
        object.add("id", entry.jsonFeedID)
        object.add("url", entry.url)
        object.add("external_url", entry.externalURL)
        object.add("title", entry.title)
        object.add("content_html", entry.contentHTML)
        object.add("content_text", entry.contentText)
        object.add("summary", entry.summary)
        object.add("image", entry.imageURL)
        object.add("date_published", entry.published.map(RFC3339.format))
        object.add("date_modified", entry.modified.map(RFC3339.format))
        object.add("authors", authors(entry.authors))
        object.add("tags", .array(entry.tags.map { .string($0) }))
        object.add("attachments", .array(entry.enclosures.map(attachment)))
        object.add("_feedd", extensionObject(entry))
    }

    private static func extensionObject(_ entry: Entry) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("guid", entry.guid)
        object.add("comments_url", entry.commentsURL)
        object.add("comments_feed_url", entry.commentsFeedURL)
        object.add("comment_count", entry.commentCount)
        return object.value
    }

    /// Authors as JSON Feed 1.1 author objects: `name` (the address when there is no name), `url`
    /// (the web address, else `mailto:`), `avatar`, and the address in `_feedd.email`.
    private static func authors(_ authors: [Author]) -> JSONValue {
        .array(authors.filter { !$0.isEmpty }.map { author in
            var object = JSONObjectBuilder()
            object.add("name", author.name ?? author.email)
            object.add("url", author.url ?? author.email.map { "mailto:" + $0 })
            object.add("avatar", author.avatar)
            // JSON Feed 1.1 has no e-mail field; an extension object keeps it beside a web address.
            if let email = author.email { object.add("_feedd", .object([("email", .string(email))])) }
            return object.value
        })
    }

    private static func attachment(_ enclosure: Enclosure) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("url", enclosure.url)
        object.add("mime_type", enclosure.mimeType ?? "application/octet-stream")
        object.add("title", enclosure.title)
        object.add("size_in_bytes", enclosure.sizeInBytes)
        object.add("duration_in_seconds", enclosure.durationSeconds)
        return object.value
    }
}
