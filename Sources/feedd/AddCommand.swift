import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd add URL`: checks that the URL is a feed (or finds the feed an HTML page advertises) and
/// appends it to the config file.
struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a feed to the config (an HTML page is searched for its feed links).")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The feed's URL, or a page that advertises it.")
    var url: String

    @Option(help: "The feed's name (default: the host).")
    var name: String?

    @Option(name: .customLong("tag"), help: "A tag; repeat for several.")
    var tags: [String] = []

    func run() async throws {
        // A fresh account has no config yet: the daemon's defaults fetch, and the example config is
        // written before the feed is appended to it.
        let isNew = !FileManager.default.fileExists(atPath: options.path)
        let config = isNew ? Config(daemon: DaemonConfig(configFolder: "/"), feeds: [], hooks: [], sourcePath: options.path)
            : try options.load()
        let located: LocatedFeed
        do {
            located = try await FeedPreview.locate(url, daemon: config.daemon)
        } catch {
            Console.error("feedd add: \(error)")
            throw ExitCode(1)
        }
        do {
            if isNew {
                try ConfigInit.write(to: options.path)
                Console.line("created \(options.path) from the example config")
            }
            try ConfigEditing.appendFeed(url: located.url, name: name, tags: tags, toConfigAt: options.path)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
        Console.line("added \(located.url)\(located.feed.title.map { " (\($0))" } ?? "") to \(options.path)")
    }
}
