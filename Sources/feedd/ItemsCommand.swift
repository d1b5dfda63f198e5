import ArgumentParser
import FeedDaemon
import FeedModel
import FeedParser
import FeedStore
import Foundation

/// `feedd items`: stored items, newest first, as lines or as JSON Feed items.
struct ItemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "items", abstract: "Show stored items, newest first.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only items of this feed (by name).")
    var feed: String?

    @Option(help: "Only items first seen at or after this date (RFC 3339 or YYYY-MM-DD).")
    var since: String?

    @Option(help: "At most this many items.")
    var limit = 50

    @Flag(help: "Print a JSON Feed 1.1 document of the items.")
    var json = false

    func run() throws {
        let sinceDate = try since.map { text throws -> Date in
            guard let date = DateParser.parse(text) else { throw ValidationError("--since: cannot read the date '\(text)'") }
            return date
        }
        let runtime = try options.openRuntime()
        let items = try runtime.store.items(feedName: feed, since: sinceDate, limit: limit)
        if json {
            Console.json(ItemListing.jsonFeed(items, title: feed ?? "feedd items"))
        } else {
            for item in items { print(ItemListing.line(item)) }
        }
    }
}

/// How stored items are shown by `items` and `search`.
enum ItemListing {
    /// Date, title and URL on one line; the title and URL come from the feed and are escaped.
    static func line(_ item: StoredItem) -> String {
        let date = (item.entry.published ?? item.firstSeen)
        let title = (item.entry.title ?? "(untitled)").escapedForTerminal
        return "\(RFC3339.format(date))  \(title)  \((item.entry.url ?? "").escapedForTerminal)"
    }

    static func jsonFeed(_ items: [StoredItem], title: String) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("version", JSONFeedEncoding.version)
        object.add("title", title)
        object.addRequired("items", .array(items.map { JSONFeedEncoding.item($0.entry) }))
        return object.value
    }
}
