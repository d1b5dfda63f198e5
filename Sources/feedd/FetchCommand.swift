import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd fetch`: one pass over the due feeds (or all, or the named ones), then the hooks, then exit.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch the due feeds once, store new items, run the hooks, and exit.",
        discussion: "Exit status: 0 when every feed was fetched, 1 when some failed or a hook delivery was parked as "
            + "failed, 2 on a usage or config error, 130 or 143 when interrupted by SIGINT or SIGTERM (the hooks in flight "
            + "finish first; a second signal exits at once).")

    @OptionGroup var options: ConfigOptions

    @Option(name: .customLong("feed"), help: "Fetch only this feed (by name); repeat for several.")
    var feeds: [String] = []

    @Flag(help: "Fetch every active feed now, whatever its schedule or backoff (a server's Retry-After still holds).")
    var all = false

    @Flag(name: .customLong("no-hooks"), help: "Store new items and their outbox rows, but do not run the hooks now.")
    var noHooks = false

    func run() async throws {
        let interruption = Interruption(onSecondSignal: { signal in
            Console.endProgress()
            Console.error("feedd fetch: \(Interruption.name(of: signal)) again: exiting without waiting for the hooks in "
                + "flight; their deliveries run again once their claims lapse")
        })
        let runtime = try options.openRuntime()
        let unknown = feeds.filter { runtime.config.feed(named: $0) == nil }
        if !unknown.isEmpty {
            Console.error("feedd fetch: no feed named \(unknown.joined(separator: ", ")) in \(options.path)")
            throw ExitCode(2)
        }
        let selection: FeedSelection = !feeds.isEmpty ? .named(feeds) : (all ? .all : .due)
        let noHooks = self.noHooks
        // SIGINT/SIGTERM cancel the work: no new fetch or hook starts, the ones in flight finish
        // and are recorded, and the summary below is still printed.
        let work = Task { () async throws -> Cycle.Summary in
            try await Self.cycle(runtime, selection: selection, runningHooks: !noHooks)
        }
        interruption.onFirstSignal { work.cancel() }
        let summary = try await work.value
        Console.line(summary.line)
        if let signal = interruption.signal {
            Console.error("feedd fetch: interrupted by \(Interruption.name(of: signal)): no new fetches or hooks were "
                + "started; the rest waits for the next fetch")
            throw ExitCode(Interruption.exitStatus(for: signal))
        }
        // Exit 1 when a feed failed or a delivery was parked: cron and systemd should see either.
        if summary.hasFailures { throw ExitCode(1) }
    }

    /// The shared cycle (pass, hooks, retention), with progress and every failure on stderr.
    private static func cycle(_ runtime: Runtime, selection: FeedSelection, runningHooks: Bool) async throws -> Cycle.Summary {
        let summary = try await Cycle.run(runtime, selection: selection, runHooks: runningHooks, progress: { outcome, done, total in
            if case .failed(let message) = outcome.status {
                Console.endProgress()
                Console.error(message)
            }
            for warning in outcome.warnings {
                Console.endProgress()
                Console.error("warning: " + warning)
            }
            Console.progress("[\(done)/\(total)] \(outcome.feedName)")
        })
        Console.endProgress()
        for failure in summary.pass.claimFailures { Console.error(failure) }
        return summary
    }
}
