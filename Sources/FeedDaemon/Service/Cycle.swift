import FeedNotifier
import FeedStore
import Foundation

/// One cycle of feedd: a pass over the selected feeds, then the hooks drained, then retention.
/// `feedd fetch` runs one and exits; `feedd run` runs one per round; only what surrounds it differs.
public enum Cycle {
    /// What one cycle did.
    public struct Summary: Sendable {
        public var pass: PassSummary
        /// Nil when the hooks were not run (`fetch --no-hooks`, or the cycle was cancelled after the pass).
        public var hooks: Notifier.DrainSummary?

        /// The one summary line: the pass, then the hooks when they ran.
        public var line: String {
            pass.line + (hooks.map { "; hooks: \($0.delivered) delivered, \($0.retried) to retry, \($0.parked) failed" } ?? "")
        }

        /// Whether any feed failed or any delivery was parked: `feedd fetch` exits 1 then.
        public var hasFailures: Bool { pass.failed > 0 || (hooks?.parked ?? 0) > 0 }
    }

    /// Runs the pass over `selection` (leaving out the feeds in `holding`), drains the outbox unless
    /// `runHooks` is false or the task was cancelled, and applies retention. `clock` is asked at
    /// every step (the daemon beats its heartbeat there); `progress` sees each feed's outcome.
    public static func run(_ runtime: Runtime, selection: FeedSelection, holding: Set<Int64> = [], runHooks: Bool = true,
                           clock: @escaping @Sendable () -> Date = Date.init,
                           progress: @Sendable (RefreshOutcome, Int, Int) -> Void = { _, _, _ in }) async throws(StoreError) -> Summary {
        let pass = runtime.fetchPass()
        let passSummary = try await pass.run(selection, now: clock, holding: holding, progress: progress)
        var summary = Summary(pass: passSummary, hooks: nil)
        if Task.isCancelled { return summary }
        if runHooks { summary.hooks = try await runtime.notifier.drain(now: clock) }
        // An interrupted cycle leaves retention to the next one: it is no work to start while stopping.
        if Task.isCancelled { return summary }
        _ = try runtime.store.applyRetention(now: clock())
        return summary
    }
}
