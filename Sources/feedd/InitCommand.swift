import ArgumentParser
import FeedDaemon

/// `feedd init`: writes the commented example config at the default path (or `--config`).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write the commented example config (never over an existing file).")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        do {
            try ConfigInit.write(to: options.path)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
        Console.line("wrote \(options.path); add a feed with: feedd add URL")
    }
}
