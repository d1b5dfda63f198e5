import FeedFetcher
import FeedModel
import FeedStore
import Foundation

/// Drains the outbox that ingest fills: runs each pending delivery's hook, then records it as
/// delivered, failed-and-rescheduled, or parked once its attempts are spent.
///
/// Delivery is at least once: a row is marked delivered only after its hook succeeded, so a crash
/// between the two repeats the delivery, and the stable `delivery_id` lets the receiver drop it.
public final class Notifier: Sendable {
    private let store: any FeedStoring
    private let hooks: [String: HookDefinition]
    private let fetcher: Fetcher
    private let limiter: HookConcurrencyLimiter
    private let log: @Sendable (String) -> Void

    /// How many deliveries one drain round takes from the outbox.
    public static let batchSize = 64

    public init(store: any FeedStoring, hooks: [HookDefinition], fetcher: Fetcher, concurrency: Int,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.hooks = Dictionary(hooks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.fetcher = fetcher
        self.limiter = HookConcurrencyLimiter(limit: concurrency)
        self.log = log
    }

    /// What one drain did.
    public struct DrainSummary: Sendable, Equatable {
        public var delivered = 0
        public var retried = 0
        public var parked = 0
        public init() {}
    }

    /// Delivers every delivery due at `now()`, round after round, until none is due.
    ///
    /// A failed delivery is rescheduled into the future, so it does not come back in the same drain;
    /// the loop is further bounded by `maxRounds` so a store that misbehaves cannot spin it.
    ///
    /// Cancelling the calling task (the daemon's SIGTERM) starts no further hook: the runs in flight
    /// finish and are recorded, the rest stay pending for the next start.
    public func drain(now: @Sendable () -> Date = Date.init, maxRounds: Int = 10_000) async throws(StoreError) -> DrainSummary {
        var summary = DrainSummary()
        for _ in 0..<maxRounds where !Task.isCancelled {
            let batch = try store.pendingDeliveries(now: now(), limit: Notifier.batchSize)
            if batch.isEmpty { break }
            try await deliverAll(batch, now: now, into: &summary)
        }
        return summary
    }

    /// Runs the batch's hooks (at most `concurrency` at once) and records each outcome as soon as
    /// its hook finished, not when the whole batch has: a daemon killed mid-batch then repeats only
    /// the deliveries that were in flight, not every one the batch had already done.
    private func deliverAll(_ batch: [OutboxEntry], now: @Sendable () -> Date,
                            into summary: inout DrainSummary) async throws(StoreError) {
        var failure: StoreError?
        await withTaskGroup(of: (OutboxEntry, HookOutcome?).self) { group in
            for entry in batch {
                group.addTask { [self] in
                    let outcome = await limiter.withPermit { () async -> HookOutcome? in
                        Task.isCancelled ? nil : await self.deliver(entry)
                    }
                    return (entry, outcome)
                }
            }
            for await (entry, outcome) in group where failure == nil {
                guard let outcome else { continue }  // not started: shutting down
                do throws(StoreError) {
                    try record(outcome, for: entry, at: now(), into: &summary)
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
    }

    /// Runs one delivery's hook.
    func deliver(_ entry: OutboxEntry) async -> HookOutcome {
        guard let hook = hooks[entry.hook] else {
            return .failed(reason: "hook: '\(entry.hook)' is no longer configured")
        }
        let json = HookPayload.make(
            event: entry.event.rawValue, deliveryID: entry.deliveryID,
            feedName: entry.feed.name, feedURL: entry.feed.url, feedTitle: entry.feed.fetchState.title,
            entry: entry.item.entry, article: entry.article?.entry)
        let payload = HookPayload.body(json)
        switch hook.target {
        case .exec(let exec):
            let variables = HookEnvironment.variables(event: entry.event.rawValue, deliveryID: entry.deliveryID,
                                                      feedName: entry.feed.name, feedURL: entry.feed.url,
                                                      itemURL: entry.item.entry.url)
            return await exec.run(payload: payload, variables: variables)
        case .webhook(let webhook):
            return await webhook.deliver(payload: json, message: NotificationMessage(entry), event: entry.event.rawValue,
                                         deliveryID: entry.deliveryID, using: fetcher)
        case .http(let delivery):
            return await delivery.deliver(NotificationMessage(entry), payload: json, deliveryID: entry.deliveryID,
                                          using: fetcher)
        case .email(let email):
            return await email.deliver(NotificationMessage(entry), payload: json, deliveryID: entry.deliveryID)
        }
    }

    private func record(_ outcome: HookOutcome, for entry: OutboxEntry, at now: Date,
                        into summary: inout DrainSummary) throws(StoreError) {
        switch outcome {
        case .delivered:
            try store.markDelivered(id: entry.id, at: now)
            summary.delivered += 1
        case .failed(let reason):
            try recordFailure(reason, notBefore: nil, for: entry, at: now, into: &summary)
        case .rateLimited(let reason, let retryAt):
            try recordFailure(reason, notBefore: retryAt, for: entry, at: now, into: &summary)
        }
    }

    /// Reschedules a failed delivery, no sooner than `notBefore` when the receiver named a time
    /// (but never further out than `RetryPolicy.maximumWindow`), or parks it once its attempts are spent.
    private func recordFailure(_ reason: String, notBefore: Date?, for entry: OutboxEntry, at now: Date,
                               into summary: inout DrainSummary) throws(StoreError) {
        // The count comes from the store; saturate rather than trap on a row that holds Int.max.
        let attempt = entry.attempts == .max ? .max : entry.attempts + 1
        let policy = hooks[entry.hook]?.retry ?? RetryPolicy()
        guard hooks[entry.hook] != nil,
              let backoff = policy.nextAttempt(after: attempt, now: now, jitter: Double.random(in: 0..<1)) else {
            try store.park(id: entry.id, error: reason, at: now)
            summary.parked += 1
            log("hook \(entry.hook): delivery \(entry.deliveryID) parked after \(attempt) attempts: \(reason)")
            return
        }
        let next = notBefore.map { min(max($0, now), now.addingTimeInterval(RetryPolicy.maximumWindow)) } ?? backoff
        try store.markAttemptFailed(id: entry.id, error: reason, nextAttemptAt: next)
        summary.retried += 1
        log("hook \(entry.hook): delivery \(entry.deliveryID) attempt \(attempt) failed, retry at \(RFC3339.format(next)): \(reason)")
    }
}
