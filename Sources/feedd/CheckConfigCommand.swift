import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd check-config`: loads the config and reports it valid, or names the file, line and key.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-config", abstract: "Check the config file and exit (2 when it is invalid).")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        print("\(options.path): ok (\(config.feeds.count) feeds, \(config.hooks.count) hooks, database \(config.daemon.database))")
    }
}
