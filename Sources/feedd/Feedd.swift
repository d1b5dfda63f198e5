import ArgumentParser
import FeedDaemon
import Foundation

/// The `feedd` command: argument parsing and output only; the work lives in FeedDaemon, the one
/// module of the pipeline it imports.
@main
struct Feedd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedd",
        abstract: "A feed aggregator daemon: fetches RSS/Atom/JSON feeds and their comment feeds, stores new items, runs hooks.",
        version: FeeddVersion.string,
        subcommands: [InitCommand.self, RunCommand.self, FetchCommand.self, ParseCommand.self, AddCommand.self,
                      RemoveCommand.self, PauseCommand.self, ResumeCommand.self, ListCommand.self,
                      ItemsCommand.self, SearchCommand.self, StatusCommand.self, HooksCommand.self,
                      ImportOPMLCommand.self, ExportOPMLCommand.self, CheckConfigCommand.self, StoreCommand.self]
    )

    /// Runs the command; a usage error exits 2 as documented (ArgumentParser's default is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(usageErrorStatus)
            }
            exit(withError: error)
        }
    }

    /// The exit status of a usage or config error.
    static let usageErrorStatus: Int32 = 2
}

/// The version that `--version` prints and the User-Agent names.
enum FeeddVersion {
    static let string = DaemonConfig.feeddVersion
}
