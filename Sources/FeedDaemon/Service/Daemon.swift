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
    private let heartbeat = Heartbeat()

    /// The longest the loop sleeps without looking at the store again, in case another process
    /// (`feedd add`, `feedd hooks retry`) changed it.
    public static let maxSleep: TimeInterval = 300

    public init(configPath: String, logger: Logger, systemd: SystemdNotifier = SystemdNotifier()) {
        self.configPath = configPath
        self.logger = logger
        self.systemd = systemd
    }

    /// Runs until SIGTERM/SIGINT. Throws only when the first config or the store cannot be opened;
    /// a database server that is away (at start or later) is waited for with `UnavailableBackoff`.
    public func run() async throws {
        let firstConfig = try ConfigLoader.load(path: configPath)
        let signals = SignalEvents(posting: events)
        defer { withExtendedLifetime(signals) {} }
        SystemdNotifier.unsetEnvironment()
        let watchdog = startWatchdog()
        defer { watchdog?.cancel() }
        guard var runtime = try await openFirstRuntime(firstConfig) else {
            systemd.stopping()
            logger.info("stopping while waiting for the database: exiting")
            return
        }
        systemd.ready()
        logger.info("started with \(runtime.config.feeds.count) feeds, database \(runtime.config.daemon.store)")
        warnAboutWatchdog(runtime.config)

        var holds = PollHolds()
        var pacing = RoundPacing()
        var outage = UnavailableBackoff()
        var reloadWhenBack = false
        while true {
            heartbeat.beat()
            let roundStart = Date()
            let current = runtime, logger = self.logger, heartbeat = self.heartbeat, held = holds.held(at: roundStart)
            let round = Task { [events] in
                let result = await Daemon.round(current, holding: held, heartbeat: heartbeat, logger: logger)
                await events.post(.roundFinished)
                return result
            }
            var stop = false, reload = false
            var finished = false
            // No beat while the round runs: only its own steps show progress, so a stuck round
            // stops the watchdog pings.
            while !finished {
                for event in await events.wait(until: .distantFuture) {
                    switch event {
                    case .stop: stop = true; round.cancel()
                    case .reload: reload = true
                    case .roundFinished: finished = true
                    }
                }
            }
            let result = await round.value
            systemd.status(result.statusLine)
            holds.absorb(result.unrecordedNextPolls, now: Date())
            if stop { break }
            if let unavailable = result.unavailable {
                // A reload needs the store (its config is synced into it): it waits for the server.
                let seen = await waitOut(unavailable, backoff: &outage)
                if seen.contains(.stop) { break }
                reloadWhenBack = reloadWhenBack || reload || seen.contains(.reload)
                continue
            }
            noteBack(&outage, runtime.config)
            pacing.roundFinished(failed: result.storeFailed)
            if reload || reloadWhenBack { runtime = self.reload(runtime) }
            reloadWhenBack = false
            let earliest = pacing.earliestNextStart(roundStart: roundStart, roundEnd: Date())
            MallocTuning.releaseFreeMemory()
            if await sleepUntilNextRound(&runtime, holds: holds, earliest: earliest) { break }
        }
        systemd.stopping()
        logger.info("stopping: writes finished, exiting")
    }

    /// What one round did, for the loop.
    struct RoundResult: Sendable {
        /// The one-line summary for systemd's STATUS.
        var statusLine: String
        /// Feeds whose poll the store could not record, with the next poll each should have had.
        var unrecordedNextPolls: [Int64: Date] = [:]
        /// Whether the store failed during the round.
        var storeFailed = false
        /// The database server was away at the end of the round: the loop waits for it instead of
        /// pacing rounds as usual (the round's claims lapse, its feeds are polled again).
        var unavailable: StoreError?
    }

    /// One round: every due feed refreshed (comment feeds registered on the way included, feeds
    /// in `holding` left out), then the outbox drained. Each step beats the heartbeat.
    static func round(_ runtime: Runtime, holding: Set<Int64>, heartbeat: Heartbeat, logger: Logger) async -> RoundResult {
        runtime.sweepDeadOwners()
        // The pass and the notifier ask for the time at every step they take: a beat each.
        let clock: @Sendable () -> Date = { heartbeat.beat(); return Date() }
        var result = RoundResult(statusLine: "")
        do {
            let cycle = try await Cycle.run(runtime, selection: .due, holding: holding, clock: clock, progress: { outcome, _, _ in
                heartbeat.beat()
                Daemon.log(outcome, logger: logger)
            })
            let summary = cycle.pass
            result.unrecordedNextPolls = summary.unrecordedNextPolls
            result.storeFailed = summary.claimFailed || !summary.unrecordedNextPolls.isEmpty
            if result.storeFailed, let away = unavailability(runtime) {
                result.unavailable = away
                result.statusLine = "waiting for the database: \(away)"
                return result
            }
            for failure in summary.claimFailures { logger.error("\(failure)") }
            // At shutdown the feeds still in flight are held too ("cancelled at shutdown", logged
            // each); that is no store failure to report.
            if !summary.unrecordedNextPolls.isEmpty, !Task.isCancelled {
                result.storeFailed = true
                logger.error("store: the polls of \(summary.unrecordedNextPolls.count) feeds could not be recorded; they are held in memory until their next poll")
            }
            guard let hooks = cycle.hooks else { result.statusLine = "stopping"; return result }
            if hooks.delivered + hooks.retried + hooks.parked > 0 {
                logger.info("hooks: \(hooks.delivered) delivered, \(hooks.retried) to retry, \(hooks.parked) failed")
            }
            result.statusLine = "last round: " + summary.line
            logger.debug("\(result.statusLine)")
        } catch {
            result.storeFailed = true
            if let away = error.isUnavailable ? error : unavailability(runtime) {
                result.unavailable = away
                result.statusLine = "waiting for the database: \(away)"
                return result
            }
            logger.error("\(error)")
            result.statusLine = "store error: \(error)"
        }
        return result
    }

    /// The error of the database server being away now, or nil when it answers: asked after a round
    /// whose store steps failed, since a pass records a store failure per feed rather than throwing.
    static func unavailability(_ runtime: Runtime) -> StoreError? {
        do {
            _ = try runtime.store.nextPollDate(recheckingClaimsAt: Date())
            return nil
        } catch {
            return error.isUnavailable ? error : nil
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

    /// Sleeps until the next feed or delivery is due, never before `earliest`, beating the
    /// heartbeat at least every watchdog ping interval; reloads on SIGHUP. True when told to stop.
    private func sleepUntilNextRound(_ runtime: inout Runtime, holds: PollHolds, earliest: Date) async -> Bool {
        let slice = systemd.watchdogInterval?.timeInterval ?? Daemon.maxSleep
        while true {
            heartbeat.beat()
            let now = Date()
            let wake = max(nextWake(runtime, holds: holds, now: now), earliest)
            guard wake > now else { return false }
            for event in await events.wait(until: min(wake, now.addingTimeInterval(slice))) {
                if event == .stop { return true }
                if event == .reload { runtime = reload(runtime) }
            }
        }
    }

    /// When the loop must look again: the next feed (not held) or delivery due, at most `maxSleep` away.
    ///
    /// A store that cannot say (its server went away between two rounds) means now: the round
    /// that follows finds out why and waits the outage out with backoff, where sleeping the
    /// longest sleep would leave the daemon deaf to the store until then.
    private func nextWake(_ runtime: Runtime, holds: PollHolds, now: Date) -> Date {
        var wake = now.addingTimeInterval(Daemon.maxSleep)
        let poll: Date?
        // Another process's claim is looked at again after the shortest interval a feed can have:
        // a one-shot `feedd fetch` holding a feed ends long before its lease would lapse.
        let recheck = now.addingTimeInterval(runtime.config.daemon.minInterval.timeInterval)
        do { poll = try runtime.store.nextPollDate(recheckingClaimsAt: recheck) } catch { return now }
        if let poll {
            // A feed held in memory is still due in the store; look past it.
            let next = poll > now || holds.isEmpty ? poll : nextPollNotHeld(runtime, holds: holds, now: now)
            if let next, next < wake { wake = next }
        }
        if let release = holds.earliestRelease(after: now), release < wake { wake = release }
        if let delivery = try? runtime.store.nextOutboxDue(), delivery < wake { wake = delivery }
        if let digest = try? runtime.notifier.nextDigestClose(after: now), digest < wake { wake = digest }
        return max(wake, now)
    }

    /// The soonest poll of a feed that is not held.
    private func nextPollNotHeld(_ runtime: Runtime, holds: PollHolds, now: Date) -> Date? {
        let held = holds.held(at: now)
        guard let soonest = try? runtime.store.dueFeeds(now: .distantFuture, limit: held.count + 1) else { return nil }
        return soonest.first { !held.contains($0.id) }.map { max($0.fetchState.nextPollAt, $0.fetchState.retryNotBefore ?? .distantPast) }
    }

    private func reload(_ current: Runtime) -> Runtime {
        systemd.reloading()
        defer { systemd.ready() }
        do {
            let config = try ConfigLoader.load(path: configPath)
            let runtime = try openRuntime(config, previous: current.config)
            logger.notice("reloaded \(configPath): \(config.feeds.count) feeds, \(config.hooks.count) hooks")
            return runtime
        } catch {
            logger.error("reload refused, keeping the running config: \(error)")
            return current
        }
    }

    private func openRuntime(_ config: Config, previous: Config? = nil) throws -> Runtime {
        let logger = self.logger
        return try Runtime(config: config, previous: previous, patience: .once, log: { logger.warning("\($0)") })
    }

    /// The first runtime, waiting with backoff while the database server is away (a reload
    /// meanwhile reads the config again); nil when told to stop first. Any other store error ends
    /// the daemon, as a bad config does.
    private func openFirstRuntime(_ firstConfig: Config) async throws -> Runtime? {
        var config = firstConfig
        var backoff = UnavailableBackoff()
        while true {
            heartbeat.beat()
            do {
                let runtime = try openRuntime(config)
                noteBack(&backoff, config)
                return runtime
            } catch let error as StoreError where error.isUnavailable {
                if !backoff.isWaiting {
                    // Ready while waiting: the service runs; its status says what it waits for.
                    systemd.ready()
                    logger.error("\(Daemon.waitingLine(error))")
                }
                systemd.status("waiting for the database: \(error)")
                let seen = await pause(backoff.nextDelay())
                if seen.contains(.stop) { return nil }
                if seen.contains(.reload) {
                    do { config = try ConfigLoader.load(path: configPath) } catch {
                        logger.error("reload refused, keeping the config read at start: \(error)")
                    }
                }
            }
        }
    }

    /// Waits out a database server that went away during a run: one log line when the outage
    /// starts, then pauses that grow per `backoff`; the signals that came meanwhile.
    private func waitOut(_ error: StoreError, backoff: inout UnavailableBackoff) async -> [DaemonEvent] {
        if !backoff.isWaiting {
            logger.error("\(Daemon.waitingLine(error) + "; the claims this daemon held lapse after their lease and are polled or delivered again")")
        }
        return await pause(backoff.nextDelay())
    }

    /// The one line that starts an outage: the server and the cause (`StoreError` never holds a password).
    static func waitingLine(_ error: StoreError) -> String {
        "\(error); waiting for it, trying again after \(Int(UnavailableBackoff.firstDelay)) s, "
            + "then doubling up to every \(Int(UnavailableBackoff.maxDelay)) s"
    }

    /// Logs the end of an outage, once, and starts the next one's backoff from the beginning.
    private func noteBack(_ backoff: inout UnavailableBackoff, _ config: Config) {
        guard backoff.isWaiting else { return }
        logger.notice("database \(config.daemon.store) is available again after \(backoff.failures) failed tries; carrying on")
        backoff.reset()
    }

    /// Waits `delay` seconds, beating the heartbeat (waiting for the database is progress); the
    /// signals that came meanwhile. A stop ends the wait at once.
    private func pause(_ delay: TimeInterval) async -> [DaemonEvent] {
        let end = Date().addingTimeInterval(delay)
        let slice = systemd.watchdogInterval?.timeInterval ?? Daemon.maxSleep
        var seen: [DaemonEvent] = []
        while Date() < end {
            heartbeat.beat()
            let got = await events.wait(until: min(end, Date().addingTimeInterval(slice)))
            seen += got
            if got.contains(.stop) { break }
        }
        return seen
    }

    /// Pings systemd's watchdog every ping interval, but only while the heartbeat is fresh: a
    /// round stuck on a step stops the pings, and systemd restarts the daemon.
    private func startWatchdog() -> Task<Void, Never>? {
        guard let interval = systemd.watchdogInterval else { return nil }
        let systemd = self.systemd, heartbeat = self.heartbeat, logger = self.logger
        return Task.detached {
            var withholding = false
            while !Task.isCancelled {
                let age = heartbeat.age
                if Heartbeat.deservesPing(heartbeatAge: age, pingInterval: interval) {
                    systemd.watchdog()
                    if withholding { logger.notice("the main loop is making progress again; watchdog pings resumed") }
                    withholding = false
                } else if !withholding {
                    logger.error("the main loop has made no progress for \(age); watchdog pings withheld so systemd restarts it")
                    withholding = true
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Warns when the watchdog timeout is not longer than the longest single step (a transfer's
    /// `timeout`, a hook's `timeout`): a step that uses all its time would get the daemon restarted.
    private func warnAboutWatchdog(_ config: Config) {
        guard let interval = systemd.watchdogInterval else { return }
        let watchdog = interval * 2
        let longest = ([config.daemon.timeout] + config.hooks.map(\.timeout)).max() ?? .zero
        if watchdog <= longest {
            let message = "the watchdog timeout (\(watchdog)) is not longer than the longest single step (\(longest), "
                + "timeout or a hook's timeout): a step that uses all its time gets the daemon restarted; raise WatchdogSec"
            logger.warning("\(message)")
        }
    }
}
