import ArgumentParser
import FeedDaemon

/// `feedd remove NAME`: takes a feed out of the config (its stored items stay).
struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a feed from the config, keeping the rest of the file as it is.")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The feed's name, as `feedd list` shows it.")
    var name: String

    func run() throws {
        try FeedControlOutput.report { () throws(FeedControl.Failure) in try FeedControl.remove(name, configPath: options.path) }
    }
}

/// `feedd pause NAME`: keeps a feed configured but stops polling it.
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Stop polling a feed (sets paused = true in the config).")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The feed's name, as `feedd list` shows it.")
    var name: String

    func run() throws {
        try FeedControlOutput.report { () throws(FeedControl.Failure) in try FeedControl.pause(name, configPath: options.path) }
    }
}

/// `feedd resume NAME`: polls a paused feed again, and brings back one the server retired (410 Gone).
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Poll a paused or retired feed again.")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The feed's name, as `feedd list` shows it.")
    var name: String

    func run() throws {
        try FeedControlOutput.report { () throws(FeedControl.Failure) in try FeedControl.resume(name, configPath: options.path) }
    }
}

/// The one line a feed-control command prints; its failure exits 2 (a usage or config error).
enum FeedControlOutput {
    static func report(_ body: () throws(FeedControl.Failure) -> FeedControl.Result) throws {
        do {
            Console.line(try body().message)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }
}
