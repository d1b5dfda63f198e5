import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd search QUERY`: full-text search over stored titles and texts.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search stored items (titles and text).",
        discussion: """
            All words must match; the last word also matches as a prefix, and word* makes any word one. \
            "a phrase" matches words in that order; a OR b matches either. Diacritics are folded ("koln" finds \
            "Köln"), and German spellings both ways: ae/ä, oe/ö, ue/ü, ss/ß ("muenchen" finds "München").
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: "Words, \"phrases\", OR, word*.")
    var query: [String]

    @Option(help: "At most this many items.")
    var limit = 50

    @Flag(help: "Print a JSON Feed 1.1 document of the matches.")
    var json = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let text = query.joined(separator: " ")
        let items = try options.openQueries().search(text, limit: limit)
        if json {
            Console.json(ItemOutput.jsonFeed(items, title: "feedd search"))
        } else if items.isEmpty {
            Console.error("no matches for \(text)")
        } else {
            for item in items { print(ItemOutput.line(item)) }
        }
    }
}
