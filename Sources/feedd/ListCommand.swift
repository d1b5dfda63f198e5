import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd list`: the configured feeds, one line each.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the configured feeds.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        for feed in config.feeds {
            let tags = feed.tags.isEmpty ? "" : "  [" + feed.tags.joined(separator: ", ") + "]"
            print("\(feed.name.escapedForTerminal)\t\(feed.urlText.escapedForTerminal)\(tags.escapedForTerminal)")
        }
    }
}
