import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd items`: stored items by their date, newest first, as lines or as JSON Feed items.
struct ItemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items", abstract: "Show stored items, newest first by their date.",
        discussion: """
            An item's date is its published date, else its updated date, else when feedd first saw it. \
            Comments are marked with the article they belong to.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only articles of this feed (by name); with --comments, the comments on them.")
    var feed: String?

    @Flag(help: "Only comments (of every feed, or of --feed's articles).")
    var comments = false

    @Option(help: "Only items dated at or after this date (RFC 3339 or YYYY-MM-DD): published, else updated, else first seen.")
    var since: String?

    @Option(help: "At most this many items.")
    var limit = 50

    @Flag(help: "Also list the items a feed's block/allow rules held back (stored, never notified).")
    var all = false

    @Flag(help: "Print a JSON Feed 1.1 document of the items.")
    var json = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let sinceDate = try since.map { text throws -> Date in
            guard let date = StoreQueries.date(text) else { throw ValidationError("--since: cannot read the date '\(text)'") }
            return date
        }
        let query = try options.openQueries()
        let items: [ListedItem]
        do {
            items = try query.items(feed: feed, comments: comments, since: sinceDate, limit: limit, includeBlocked: all)
        } catch let error as StoreQueries.UnknownFeed {
            Console.error("feedd items: \(error) in \(options.path) or the store")
            throw ExitCode(2)
        }
        if json {
            Console.json(ItemOutput.jsonFeed(items, title: feed ?? "feedd items"))
        } else if items.isEmpty {
            Console.error("no items")
        } else {
            for item in items { print(ItemOutput.line(item)) }
        }
    }
}
