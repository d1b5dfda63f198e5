import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd check-config`: loads the config and reports it valid, or names the file, line and key.
/// Beyond the file, it checks what would fail later (see `ConfigPreflight`): the database's
/// folder, the hook programs, and timeouts longer than the service waits at stop (a warning).
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-config", abstract: "Check the config file and exit (2 when it is invalid).")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        let report = ConfigPreflight.check(config)
        for warning in report.warnings { Console.error("warning: " + warning.summary) }
        guard report.errors.isEmpty else {
            for error in report.errors { Console.error(error.summary) }
            throw ExitCode(2)
        }
        print("\(options.path): ok (\(config.feeds.count) feeds, \(config.hooks.count) hooks, \(ConfigPreflight.databaseSummary(config.daemon.store)))")
    }
}
