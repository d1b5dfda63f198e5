import FeedStore
import Foundation

/// Which feeds one pass of `feedd fetch` takes.
public enum FeedSelection: Sendable, Equatable {
    /// The feeds whose poll time has come (the default).
    case due
    /// Every active feed now, whatever its schedule or error backoff; a server's `Retry-After` still holds.
    case all
    /// The named main feeds (and the comment feeds they register on the way).
    case named([String])
}

/// One pass over a selection of feeds: every selected feed refreshed once, with bounded concurrency,
/// then the comment feeds those refreshes registered, so a first fetch of a site ends with its
/// comments stored too.
///
/// Each feed is claimed in the store before it is polled (`FeedClaimQueue`) and released once its
/// poll is recorded; the claims are renewed while the pass runs. A feed another process holds is
/// left to that process.
public struct FetchPass: Sendable {
    public let refresher: Refresher
    public let concurrency: Int
    public let claims: ClaimPolicy
    /// Comment feeds registered in one round are fetched in the next; rounds are bounded so a feed
    /// graph can never keep a one-shot pass alive.
    public static let maxRounds = 4

    public init(refresher: Refresher, concurrency: Int, claims: ClaimPolicy = ClaimPolicy()) {
        self.refresher = refresher
        self.concurrency = max(1, concurrency)
        self.claims = claims
    }

    /// Feeds claimed per write: eight times the concurrency (64 at 8), at most 256.
    ///
    /// A claim is a write, so it waits for the group commit in progress. Before the next chunk
    /// was claimed ahead (`FeedClaimQueue`), the pass started no refresh meanwhile, and fewer,
    /// larger chunks paid: a tenth of cold cycle B (3,200 feeds, `FEEDD_BENCH_COLD_SITES=200
    /// feedd-bench coldcycle`, four runs each, alternating) took 6.7-7.6 s wall (median 6.95) at
    /// twice the concurrency, 6.5-6.9 s (median 6.55) at eight times; sixteen times gained nothing
    /// more. A chunk is still claimed shortly before its turn: with 32 refreshes in flight a
    /// process holds at most about 130 claims.
    var claimChunkSize: Int { min(max(concurrency * 8, 16), 256) }

    /// Refreshes in flight at once: four times the concurrency. The fetcher still runs at most
    /// `concurrency` transfers (its own limit, per host and in total), so the sites see no more
    /// requests; the others are refreshes past their transfer, parsing or waiting for their group
    /// commit. With only `concurrency` in flight, every slot ended up waiting for the commit while
    /// nothing was fetched or parsed, and the groups were small. Measured on 4,800 comment and
    /// main feeds (`concurrency = 8`, group of at most 2x): 2x 7.0 s wall, 4x 6.1 s, 8x 5.9 s but
    /// 7 MB more resident for the parsed feeds waiting.
    var refreshesInFlight: Int { Self.refreshesInFlight(concurrency: concurrency) }

    /// `refreshesInFlight` for a pass of this `concurrency`; the group commit sizes its gathering by it.
    static func refreshesInFlight(concurrency: Int) -> Int { max(1, concurrency) * 4 }

    /// Runs the pass; `progress` is called after each feed with the outcome and the counts so far.
    ///
    /// Feeds in `holding` are left out: the daemon's in-memory backoff for feeds whose last poll the
    /// store could not record.
    public func run(_ selection: FeedSelection, now: @escaping @Sendable () -> Date = Date.init, holding: Set<Int64> = [],
                    progress: @Sendable (RefreshOutcome, Int, Int) -> Void = { _, _, _ in }) async throws(StoreError) -> PassSummary {
        var summary = PassSummary()
        var done = holding
        var round = try initialFeedIDs(selection, now: now())
        if !holding.isEmpty { round.removeAll { holding.contains($0) } }
        for _ in 0..<FetchPass.maxRounds where !round.isEmpty {
            let tally = await refreshClaiming(round, dueOnly: selection == .due, now: now, summary: summary,
                                              progress: progress)
            summary = tally.summary
            done.formUnion(tally.polled)
            round = []
            for id in tally.registered where !done.contains(id) {
                // A comment feed the store cannot read now is due anyway and comes in a later pass;
                // failing the pass here would lose the outcomes (and holds) of the feeds already polled.
                if let feed = try? refresher.store.feed(id: id), feed.isActive { round.append(id) }
            }
        }
        return summary
    }

    /// The ids of the feeds a pass starts with; the claims read each feed's row when its turn comes.
    private func initialFeedIDs(_ selection: FeedSelection, now: Date) throws(StoreError) -> [Int64] {
        switch selection {
        case .due:
            return try refresher.store.dueFeedIDs(now: now)
        case .all:
            return try refresher.store.allActiveFeeds().compactMap { ($0.fetchState.retryNotBefore ?? .distantPast) <= now ? $0.id : nil }
        case .named(let names):
            let wanted = Set(names)
            return try refresher.store.allActiveFeeds().compactMap { $0.kind == .main && wanted.contains($0.name) ? $0.id : nil }
        }
    }

    /// 304s recorded per write transaction: one commit per feed cost more CPU than the request.
    static let notModifiedBatchSize = 256

    /// `refreshAll` over the feeds this process can claim, renewing the claims while it runs and
    /// releasing them once the polls are recorded; feeds held elsewhere or unclaimable are counted.
    private func refreshClaiming(_ feeds: [Int64], dueOnly: Bool, now: @escaping @Sendable () -> Date,
                                 summary: PassSummary,
                                 progress: @Sendable (RefreshOutcome, Int, Int) -> Void) async -> RoundTally {
        let store = refresher.store, claims = self.claims
        var queue = FeedClaimQueue(feeds, chunkSize: claimChunkSize, dueOnly: dueOnly)
        // Renewal reads the wall clock: the daemon's `now` beats its watchdog heartbeat.
        var (tally, finished) = await ClaimRenewal.whileRunning(every: claims.renewalInterval, renew: {
            _ = try? store.renewFeedClaims(owner: claims.owner, leaseUntil: claims.expiry(from: Date()))
        }) { () async -> (RoundTally, FeedClaimQueue) in
            var local = queue
            var tally = RoundTally(summary: summary)
            await refreshAll(&local, into: &tally, total: feeds.count, now: now, progress: progress)
            await local.settle()
            return (tally, local)
        }
        queue = finished
        // A release that fails leaves claims that lapse after the lease: nothing is lost.
        try? store.releaseFeeds(ids: queue.claimedIDs, owner: claims.owner)
        tally.summary.heldElsewhere += queue.heldElsewhere
        for (count, error) in queue.unclaimable {
            let message = "store: \(count) feeds not polled, their claims could not be taken: \(error)"
            tally.summary.failed += count
            tally.summary.failures.append(message)
            tally.summary.claimFailures.append(message)
        }
        return tally
    }

    /// Refreshes the feeds `queue` hands out with at most `refreshesInFlight` in flight, counting
    /// each outcome into `tally` as it is final (an outcome is not kept: 10,000 of them were 6 MB).
    ///
    /// The 304s are recorded in batches (every `notModifiedBatchSize` and at the end), before this
    /// returns, so the next round and the next pass see them; like the claims, off the pool's
    /// threads (`OffPool`), since the write waits for the group commit. When the store cannot write a batch,
    /// each of its feeds is a failure whose next poll is in `unrecordedNextPoll`, for the daemon to hold.
    private func refreshAll(_ queue: inout FeedClaimQueue, into tally: inout RoundTally, total: Int,
                            now: @escaping @Sendable () -> Date,
                            progress: @Sendable (RefreshOutcome, Int, Int) -> Void) async {
        await withTaskGroup(of: RefreshOutcome.self) { group in
            var finished = 0
            /// The outcomes whose 304 waits to be written; counted once it is.
            var notModified: [RefreshOutcome] = []
            let store = refresher.store, claims = self.claims
            func flush() async {
                guard !notModified.isEmpty else { return }
                let records = notModified.compactMap(\.unrecordedNotModified)
                let failure = await OffPool.run { () -> StoreError? in
                    do throws(StoreError) {
                        try store.recordNotModified(records)
                        return nil
                    } catch {
                        return error
                    }
                }
                if let failure {
                    for index in notModified.indices { FetchPass.markUnrecorded(&notModified[index], error: failure) }
                }
                for outcome in notModified { tally.add(outcome) }
                notModified.removeAll(keepingCapacity: true)
            }
            for _ in 0..<refreshesInFlight {
                guard !Task.isCancelled, let feed = await queue.next(store: store, claims: claims, now: now) else { break }
                group.addTask { await refresher.refresh(feed, now: now(), batchingNotModified: true) }
            }
            while let outcome = await group.next() {
                finished += 1
                if outcome.unrecordedNotModified != nil {
                    notModified.append(outcome)
                    if notModified.count >= FetchPass.notModifiedBatchSize { await flush() }
                } else {
                    tally.add(outcome)
                }
                progress(outcome, finished, total)
                // After cancellation (SIGTERM) no new refresh starts; the ones in flight finish.
                if !Task.isCancelled, let feed = await queue.next(store: store, claims: claims, now: now) {
                    group.addTask { await refresher.refresh(feed, now: now(), batchingNotModified: true) }
                }
            }
            await flush()
        }
    }

    /// A 304 the store could not write: the feed failed this time, held until the poll it would have had.
    static func markUnrecorded(_ outcome: inout RefreshOutcome, error: StoreError) {
        guard let record = outcome.unrecordedNotModified else { return }
        outcome.status = .failed("\(outcome.feedName) <\(outcome.url)>: not modified, but the poll could not be recorded: \(error)")
        outcome.unrecordedNextPoll = record.nextPollAt
    }
}

/// What a round keeps of its outcomes: the pass's counts, the feeds polled and the comment feeds
/// they registered.
struct RoundTally: Sendable {
    var summary: PassSummary
    var polled: [Int64] = []
    var registered: [Int64] = []

    mutating func add(_ outcome: RefreshOutcome) {
        summary.add(outcome)
        polled.append(outcome.feedID)
        registered += outcome.registeredCommentFeeds
    }
}
