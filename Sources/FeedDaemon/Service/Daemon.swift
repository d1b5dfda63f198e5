import FeedStore
import Foundation
import Logging

/// `feedd run`: keeps every feed on its own clock, refreshing each when it is due through the same
/// `Refresher` as `feedd fetch`, drains the hooks after each round, and sleeps until the next feed
/// or delivery is due. SIGHUP reloads the config (a bad one is logged and the running one kept);
/// SIGTERM stops taking work, lets the writes in flight finish, and returns.
public final class Daemon: Sendable {
    private let configPath: String
    private let logger: Logger
    private let systemd: SystemdNotifier
    private let events = DaemonEvents()

    /// The longest the loop sleeps without looking at the store again, in case another process
    /// (`feedd add`, `feedd hooks retry`) changed it.
    public static let maxSleep: TimeInterval = 300

    public init(configPath: String, logger: Logger, systemd: SystemdNotifier = SystemdNotifier()) {
        self.configPath = configPath
        self.logger = logger
        self.systemd = systemd
    }

    /// Runs until SIGTERM/SIGINT. Throws only when the first config or the store cannot be opened.
    public func run() async throws {
        var runtime = try openRuntime(ConfigLoader.load(path: configPath))
        let signals = SignalEvents(posting: events)
        defer { withExtendedLifetime(signals) {} }
        SystemdNotifier.unsetEnvironment()
        systemd.ready()
        logger.info("started with \(runtime.config.feeds.count) feeds, database \(runtime.config.daemon.database)")
        let watchdog = startWatchdog()
        defer { watchdog?.cancel() }

        while true {
            let current = runtime, logger = self.logger
            let round = Task { [events] in
                let summary = await Daemon.round(current, logger: logger)
                await events.post(.roundFinished)
                return summary
            }
            var stop = false, reload = false
            var finished = false
            while !finished {
                for event in await events.wait(until: .distantFuture) {
                    switch event {
                    case .stop: stop = true; round.cancel()
                    case .reload: reload = true
                    case .roundFinished: finished = true
                    }
                }
            }
            let summary = await round.value
            systemd.status(summary)
            if stop { break }
            if reload { runtime = self.reload(runtime) }
            let wake = nextWake(runtime)
            for event in await events.wait(until: wake) {
                if event == .stop { stop = true }
                if event == .reload { runtime = self.reload(runtime) }
            }
            if stop { break }
        }
        systemd.stopping()
        logger.info("stopping: writes finished, exiting")
    }

    /// One round: every due feed refreshed (comment feeds registered on the way included), then the outbox drained.
    static func round(_ runtime: Runtime, logger: Logger) async -> String {
        let pass = FetchPass(refresher: runtime.refresher, concurrency: runtime.config.daemon.concurrency)
        do {
            let summary = try await pass.run(.due, progress: { outcome, _, _ in
                Daemon.log(outcome, logger: logger)
            })
            if Task.isCancelled { return "stopping" }
            let hooks = try await runtime.notifier.drain()
            if hooks.delivered + hooks.retried + hooks.parked > 0 {
                logger.info("hooks: \(hooks.delivered) delivered, \(hooks.retried) to retry, \(hooks.parked) failed")
            }
            _ = try runtime.store.applyRetention(now: Date())
            return "last round: " + summary.line
        } catch {
            logger.error("\(error)")
            return "store error: \(error)"
        }
    }

    static func log(_ outcome: RefreshOutcome, logger: Logger) {
        let feed = "feed \(outcome.feedName) <\(outcome.url)>"
        for warning in outcome.warnings { logger.warning("\(warning)") }
        switch outcome.status {
        case .fetched:
            logger.info("\(feed): fetched, \(outcome.newItems) new, \(outcome.updatedItems) updated\(outcome.backlogItems > 0 ? ", \(outcome.backlogItems) backlog" : "")")
        case .notModified:
            logger.debug("\(feed): not modified")
        case .failed(let message):
            logger.warning("\(message)")
        case .retired(let reason):
            logger.notice("\(feed): retired: \(reason)")
        }
    }

    /// When the loop must look again: the next feed or delivery due, at most `maxSleep` away.
    private func nextWake(_ runtime: Runtime) -> Date {
        let now = Date()
        var wake = now.addingTimeInterval(Daemon.maxSleep)
        if let poll = try? runtime.store.nextPollDate(), poll < wake { wake = poll }
        if let delivery = try? runtime.store.nextOutboxDue(), delivery < wake { wake = delivery }
        return max(wake, now)
    }

    private func reload(_ current: Runtime) -> Runtime {
        systemd.reloading()
        defer { systemd.ready() }
        do {
            let config = try ConfigLoader.load(path: configPath)
            let runtime = try openRuntime(config)
            logger.notice("reloaded \(configPath): \(config.feeds.count) feeds, \(config.hooks.count) hooks")
            return runtime
        } catch {
            logger.error("reload refused, keeping the running config: \(error)")
            return current
        }
    }

    private func openRuntime(_ config: Config) throws -> Runtime {
        let logger = self.logger
        return try Runtime(config: config, log: { logger.warning("\($0)") })
    }

    private func startWatchdog() -> Task<Void, Never>? {
        guard let interval = systemd.watchdogInterval else { return nil }
        let systemd = self.systemd
        return Task.detached {
            while !Task.isCancelled {
                systemd.watchdog()
                try? await Task.sleep(for: interval)
            }
        }
    }
}
