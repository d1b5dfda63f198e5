import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd run`: the daemon, as systemd's `Type=notify` service or in a terminal.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the daemon: poll every feed on its own schedule and run the hooks.")

    @OptionGroup var options: ConfigOptions

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default: the config's log_level).")
    var logLevel: LogLevel?

    func run() async throws {
        let config = try options.load()
        let level = logLevel ?? config.daemon.logLevel
        DaemonLogging.bootstrap(level: level)
        let daemon = Daemon(configPath: options.path, logger: DaemonLogging.logger())
        do {
            try await daemon.run()
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
    }
}

extension LogLevel: @retroactive ExpressibleByArgument {}
