import FeedFetcher
import FeedModel
import FeedStore
import Foundation

/// Drains the outbox that ingest fills: runs each pending delivery's hook, then records it as
/// delivered, failed-and-rescheduled, or parked once its attempts are spent.
///
/// Delivery is at least once: a row is marked delivered only after its hook succeeded, so a crash
/// between the two repeats the delivery, and the stable `delivery_id` lets the receiver drop it.
///
/// Several processes may drain one outbox (`feedd fetch` beside `feedd run`): each delivery is
/// claimed with a lease before its hook starts, the lease is renewed while hooks run, and the
/// result releases it. A process that dies mid-hook leaves a claim that lapses after the lease;
/// another process then takes the delivery over, with the same delivery id.
public final class Notifier: Sendable {
    private let store: any OutboxStoring
    private let claims: ClaimPolicy
    private let hooks: [String: HookDefinition]
    private let fetcher: Fetcher
    private let limiter: HookConcurrencyLimiter
    private let log: @Sendable (String) -> Void

    /// How many deliveries one drain round takes from the outbox.
    public static let batchSize = 64

    public init(store: any OutboxStoring, hooks: [HookDefinition], fetcher: Fetcher, concurrency: Int,
                claims: ClaimPolicy = ClaimPolicy(), log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.claims = claims
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
        try closeDigests(now: now())
        for _ in 0..<maxRounds where !Task.isCancelled {
            let claimedAt = now()
            let batch = try store.claimDeliveries(owner: claims.owner, now: claimedAt,
                                                  leaseUntil: claims.expiry(from: claimedAt), limit: Notifier.batchSize)
            if batch.isEmpty { break }
            try await deliverRenewingClaims(batch, now: now, into: &summary)
        }
        return summary
    }

    /// Turns the events each digest hook collected in the periods that ended into one digest delivery.
    ///
    /// Events waiting for a hook that no longer has a `digest` (or is no longer configured) go out
    /// at once as one digest, so a config change never strands them; an unconfigured hook's digest
    /// then fails and is parked like any of its deliveries.
    private func closeDigests(now: Date) throws(StoreError) {
        for name in try store.hooksWaitingForDigest().sorted() {
            let cutoff = hooks[name]?.digest?.periodStart(containing: now) ?? .distantFuture
            try store.closeDigest(hook: name, createdBefore: cutoff, now: now)
        }
    }

    /// When the earliest digest with waiting events closes, for the daemon's sleep; nil when none waits.
    public func nextDigestClose(after now: Date) throws(StoreError) -> Date? {
        try store.hooksWaitingForDigest()
            .map { hooks[$0]?.digest?.nextBoundary(after: now) ?? now }.min()
    }

    /// `deliverAll`, renewing the batch's claims while its hooks run (a hook may run for up to its
    /// `timeout`, far longer than a lease), and giving back the claims of hooks never started.
    /// Renewal reads the wall clock, not `now`: the daemon's clock beats its watchdog heartbeat, and
    /// a hook stuck past its timeout must still stop the pings.
    private func deliverRenewingClaims(_ batch: [OutboxEntry], now: @Sendable () -> Date,
                                       into summary: inout DrainSummary) async throws(StoreError) {
        let store = self.store, claims = self.claims
        let result = await ClaimRenewal.whileRunning(every: claims.renewalInterval, renew: {
            _ = try? store.renewDeliveryClaims(owner: claims.owner, leaseUntil: claims.expiry(from: Date()))
        }) { () async -> Result<(DrainSummary, [Int64]), StoreError> in
            var local = summary
            do throws(StoreError) {
                let unstarted = try await deliverAll(batch, now: now, into: &local)
                return .success((local, unstarted))
            } catch {
                return .failure(error)
            }
        }
        let (drained, unstarted) = try result.get()
        summary = drained
        try store.releaseDeliveries(ids: unstarted, owner: claims.owner)
    }

    /// Runs the batch's hooks (at most `concurrency` at once) and records each outcome as soon as
    /// its hook finished, not when the whole batch has: a daemon killed mid-batch then repeats only
    /// the deliveries that were in flight, not every one the batch had already done.
    ///
    /// Returns the ids of the deliveries whose hooks were not started (cancelled: shutting down).
    private func deliverAll(_ batch: [OutboxEntry], now: @Sendable () -> Date,
                            into summary: inout DrainSummary) async throws(StoreError) -> [Int64] {
        var failure: StoreError?
        var unstarted: [Int64] = []
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
                guard let outcome else {  // not started: shutting down
                    unstarted.append(entry.id)
                    continue
                }
                do throws(StoreError) {
                    try record(outcome, for: entry, at: now(), into: &summary)
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
        return unstarted
    }

    /// Runs one delivery's hook.
    func deliver(_ entry: OutboxEntry) async -> HookOutcome {
        guard let hook = hooks[entry.hook] else {
            return .failed(reason: "hook: '\(entry.hook)' is no longer configured")
        }
        if entry.digestRole == .digest { return await deliverDigest(entry, to: hook) }
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

    /// Sends a digest: its list as one JSON object (exec, webhook) or one short message.
    private func deliverDigest(_ entry: OutboxEntry, to hook: HookDefinition) async -> HookOutcome {
        let json = DigestPayload.make(entry)
        let message = DigestPayload.message(entry)
        switch hook.target {
        case .exec(let exec):
            let variables = HookEnvironment.variables(event: "digest", deliveryID: entry.deliveryID,
                                                      feedName: nil, feedURL: nil, itemURL: nil)
            return await exec.run(payload: HookPayload.body(json), variables: variables)
        case .webhook(let webhook):
            return await webhook.deliver(payload: json, message: message, event: "digest",
                                         deliveryID: entry.deliveryID, using: fetcher)
        case .http(let delivery):
            return await delivery.deliver(message, payload: json, deliveryID: entry.deliveryID, using: fetcher)
        case .email(let email):
            return await email.deliver(message, payload: json, deliveryID: entry.deliveryID)
        }
    }

    private func record(_ outcome: HookOutcome, for entry: OutboxEntry, at now: Date,
                        into summary: inout DrainSummary) throws(StoreError) {
        switch outcome {
        case .delivered:
            try store.markDelivered(id: entry.id, at: now, response: nil)
            summary.delivered += 1
        case .acknowledged(let response):
            try store.markDelivered(id: entry.id, at: now, response: response)
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
            guard try store.park(id: entry.id, owner: claims.owner, error: reason, at: now) else {
                return logTakenOver(entry, reason)
            }
            summary.parked += 1
            log("hook \(entry.hook): delivery \(entry.deliveryID) parked after \(attempt) attempts: \(reason)")
            return
        }
        let next = notBefore.map { min(max($0, now), now.addingTimeInterval(RetryPolicy.maximumWindow)) } ?? backoff
        guard try store.markAttemptFailed(id: entry.id, owner: claims.owner, error: reason, nextAttemptAt: next) else {
            return logTakenOver(entry, reason)
        }
        summary.retried += 1
        log("hook \(entry.hook): delivery \(entry.deliveryID) attempt \(attempt) failed, retry at \(RFC3339.format(next)): \(reason)")
    }

    /// A failure the store did not take: this process's lease lapsed while the hook ran, and
    /// another process has claimed the delivery (it retries it) or delivered it.
    private func logTakenOver(_ entry: OutboxEntry, _ reason: String) {
        log("""
            hook \(entry.hook): delivery \(entry.deliveryID) failed after its claim lapsed; another process \
            holds or delivered it, so this attempt is not recorded: \(reason)
            """)
    }
}
