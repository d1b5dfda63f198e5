import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd search QUERY`: full-text search over stored titles and texts.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search stored items (titles and text).")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "Words to find; diacritics are folded (\"koln\" finds \"Köln\").")
    var query: [String]

    @Option(help: "At most this many items.")
    var limit = 50

    @Flag(help: "Print a JSON Feed 1.1 document of the matches.")
    var json = false

    func run() throws {
        let runtime = try options.openRuntime()
        let items = try runtime.store.search(query.joined(separator: " "), limit: limit)
        if json {
            Console.json(ItemListing.jsonFeed(items, title: "feedd search"))
        } else {
            for item in items { print(ItemListing.line(item)) }
        }
    }
}
