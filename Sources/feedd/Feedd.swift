import ArgumentParser
import FeedDaemon

/// The `feedd` command: argument parsing and output only; the work lives in the modules.
@main
struct Feedd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedd",
        abstract: "A feed aggregator daemon: fetches RSS/Atom/JSON feeds and their comment feeds, stores new items, runs hooks.",
        version: FeeddVersion.string,
        subcommands: [InitCommand.self, RunCommand.self, FetchCommand.self, ParseCommand.self, AddCommand.self,
                      RemoveCommand.self, PauseCommand.self, ResumeCommand.self, ListCommand.self,
                      ItemsCommand.self, SearchCommand.self, StatusCommand.self, HooksCommand.self,
                      ImportOPMLCommand.self, ExportOPMLCommand.self, CheckConfigCommand.self]
    )
}

/// The version that `--version` prints and the User-Agent names.
enum FeeddVersion {
    static let string = DaemonConfig.feeddVersion
}
