import FeedModel
import Foundation

/// The feed list and each feed's fetch state, with the claims that keep two processes from
/// polling one feed at once: what the refresh path and the scheduler read and write.
///
/// Role-sized, and free of SQLite types, so a second store (PostgreSQL) implements each role on
/// its own terms (`SELECT … FOR UPDATE SKIP LOCKED` for the claims).
public protocol FeedListStoring: Sendable {
    /// Reconciles the stored main feeds with the configured ones, stopping the `unlisted` ones
    /// the config leaves out.
    func syncConfiguredFeeds(_ subscriptions: [FeedSubscription], stopping unlisted: UnlistedFeeds,
                             now: Date) throws(StoreError) -> SyncReport
    /// Every feed, main and comment, active or not.
    func feeds() throws(StoreError) -> [FeedRecord]
    /// One feed by id.
    func feed(id: Int64) throws(StoreError) -> FeedRecord?
    /// One feed's name, without reading the rest of its row.
    func feedName(id: Int64) throws(StoreError) -> String?
    /// Active feeds whose poll time and `Retry-After` have passed, soonest first.
    func dueFeeds(now: Date, limit: Int?) throws(StoreError) -> [FeedRecord]
    /// The ids of `dueFeeds(now:limit:)`, in its order: what a pass needs to claim them, at 8 bytes
    /// a feed instead of a whole record (10,000 due feeds were 7–11 MB of records at every round).
    func dueFeedIDs(now: Date) throws(StoreError) -> [Int64]
    /// When the next active feed becomes due (nil when none is active): its poll time, or its
    /// `Retry-After` if later. A feed another process holds counts from when that claim would
    /// lapse, or from `recheck` if sooner: a holder that finishes early sets the feed's next poll
    /// itself, and a sleeping caller only learns of it by looking again.
    func nextPollDate(recheckingClaimsAt recheck: Date) throws(StoreError) -> Date?
    /// Every active feed (`feedd fetch --all`).
    func allActiveFeeds() throws(StoreError) -> [FeedRecord]

    /// Claims the refreshes of `ids` until `leaseUntil`; the feeds claimed, as they are now.
    func claimFeeds(ids: [Int64], owner: ClaimOwner, now: Date, leaseUntil: Date, dueOnly: Bool) throws(StoreError) -> [FeedRecord]
    /// Gives up claims on feeds whose polls are recorded.
    func releaseFeeds(ids: [Int64], owner: ClaimOwner) throws(StoreError)
    /// Extends every feed claim of `owner`.
    @discardableResult
    func renewFeedClaims(owner: ClaimOwner, leaseUntil: Date) throws(StoreError) -> Int

    /// A 304: the poll succeeded with nothing new.
    func recordNotModified(feedID: Int64, at date: Date, nextPollAt: Date) throws(StoreError)
    /// Many 304s in one write transaction (a pass records its 304s in batches).
    func recordNotModified(_ records: [NotModifiedRecord]) throws(StoreError)
    /// A successful poll's validators, body hash and the feed's own title and home page.
    func recordSuccess(feedID: Int64, at date: Date, etag: String?, lastModified: String?, bodyHash: String?,
                       status: Int, nextPollAt: Date, feedTitle: String?, homePageURL: String?) throws(StoreError)
    /// The same, with the schedule note of the next poll.
    func recordSuccess(feedID: Int64, _ success: SuccessRecord) throws(StoreError)
    /// A failed poll, counted in `consecutiveErrors`.
    func recordFailure(feedID: Int64, at date: Date, status: Int?, error: String, nextPollAt: Date,
                       retryNotBefore: Date?, schedule: ScheduleNote?) throws(StoreError)
    /// A permanent redirect seen by this poll: how many consecutive polls saw it.
    func recordRedirectSighting(feedID: Int64, to target: String) throws(StoreError) -> RedirectSighting
    /// Moves a feed to its redirect target; false when another feed uses that URL.
    @discardableResult
    func adoptRedirect(feedID: Int64, to target: String) throws(StoreError) -> Bool
    /// A 410 Gone from the feed's own URL: a failed poll that extends the feed's streak of them.
    func recordGone(feedID: Int64, at date: Date, error: String, nextPollAt: Date,
                    schedule: ScheduleNote?) throws(StoreError) -> GoneStreak
    /// Stops polling a feed for good.
    func retireFeed(feedID: Int64, reason: String) throws(StoreError)
    /// Polls a retired or paused main feed again (`feedd resume`); the reason it was stopped, or
    /// nil when no such feed was stopped.
    func reviveFeed(named name: String, now: Date) throws(StoreError) -> String?
}

/// Items and their ingest: what one fetch's entries become, with their outbox rows and comment
/// feeds, in one transaction; and what the refresh path reads back about items.
public protocol ItemStoring: Sendable {
    /// Stores one fetch's entries with their outbox rows and comment feeds in one transaction,
    /// as `policy` decides them (backlog, comment feeds followed, hooks that get a row).
    func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date,
                policy: any IngestPolicy) throws(StoreError) -> IngestResult
    /// `ingest`, then `recordSuccess` of the same poll, in one transaction.
    func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date,
                recordingSuccess success: SuccessRecord, policy: any IngestPolicy) throws(StoreError) -> IngestResult
    /// Several feeds' combined ingests, each all or nothing, one result per feed in order; a
    /// store may commit them together (group commit). The default runs them one by one.
    func ingest(_ group: [FeedIngest]) throws(StoreError) -> [Result<IngestResult, StoreError>]
    /// Whether `ingest(_:)` writes a group in one transaction, so that gathering feeds into larger
    /// groups saves commits; false for a store that writes each feed in its own.
    var commitsGroupsTogether: Bool { get }
    /// One item's feed and dates, without decoding its entry (a comment feed's article, each poll).
    func articleDates(id: Int64) throws(StoreError) -> ArticleDates?
    /// The dates (published, else updated, else first seen) of a feed's newest items, newest first,
    /// none later than `now`: what `interval = "auto"` reads the publishing rate from.
    func recentItemDates(feedID: Int64, limit: Int, now: Date) throws(StoreError) -> [Date]
    /// When a feed's newest item was first seen, and when it last listed any item.
    func itemActivity(feedID: Int64) throws(StoreError) -> ItemActivity
    /// Deletes items past retention; returns how many.
    func applyRetention(now: Date) throws(StoreError) -> Int
}

/// The hook outbox: claiming due deliveries with a lease, renewing and releasing the claims,
/// recording results. The notifier depends on this alone.
public protocol OutboxStoring: Sendable {
    /// Deliveries due now and not held by a live claim (a read; nothing is claimed).
    func pendingDeliveries(now: Date, limit: Int) throws(StoreError) -> [OutboxEntry]
    /// Claims due deliveries until `leaseUntil` and returns them.
    func claimDeliveries(owner: ClaimOwner, now: Date, leaseUntil: Date, limit: Int) throws(StoreError) -> [OutboxEntry]
    /// Extends every delivery claim of `owner`.
    @discardableResult
    func renewDeliveryClaims(owner: ClaimOwner, leaseUntil: Date) throws(StoreError) -> Int
    /// Gives back claimed deliveries whose hooks never started.
    func releaseDeliveries(ids: [Int64], owner: ClaimOwner) throws(StoreError)
    /// A delivery succeeded; its claim is released, whoever holds it.
    func markDelivered(id: Int64, at date: Date, response: String?) throws(StoreError)
    /// `owner`'s attempt failed; try again at `nextAttemptAt`; its claim is released. False when
    /// another owner has taken the delivery over or it was delivered (`OutboxResultGuard`).
    @discardableResult
    func markAttemptFailed(id: Int64, owner: ClaimOwner, error: String, nextAttemptAt: Date) throws(StoreError) -> Bool
    /// `owner`'s last attempt failed; park the delivery; its claim is released. False as for
    /// `markAttemptFailed`.
    @discardableResult
    func park(id: Int64, owner: ClaimOwner, error: String, at date: Date) throws(StoreError) -> Bool
    /// Puts parked deliveries (all when nil) back in line.
    @discardableResult
    func retryParked(ids: [Int64]?) throws(StoreError) -> Int
    /// The outbox in one state, for `feedd hooks`.
    func outbox(state: OutboxState) throws(StoreError) -> [OutboxEntry]
    /// When the next pending delivery is due.
    func nextOutboxDue() throws(StoreError) -> Date?
    /// Makes one digest delivery of `hook`'s events created before `cutoff`; its delivery id, or nil.
    @discardableResult
    func closeDigest(hook: String, createdBefore cutoff: Date, now: Date) throws(StoreError) -> String?
    /// The hooks with events waiting for a digest.
    func hooksWaitingForDigest() throws(StoreError) -> Set<String>
}

/// What the read-only commands ask: items, search, counts and the status table.
public protocol StoreQuerying: Sendable {
    /// Items newest first.
    func items(feedName: String?, since: Date?, limit: Int) throws(StoreError) -> [StoredItem]
    /// One item by id.
    func item(id: Int64) throws(StoreError) -> StoredItem?
    /// Full-text search.
    func search(_ query: String, limit: Int) throws(StoreError) -> [StoredItem]
    /// How many items a feed holds.
    func itemCount(feedID: Int64) throws(StoreError) -> Int
    /// One row per feed for `feedd status`.
    func statusRows() throws(StoreError) -> [FeedStatus]
    /// Items newest first with their feed's name, as `feedd items` lists them.
    func listedItems(_ filter: ItemFilter) throws(StoreError) -> [ListedItem]
    /// Full-text search, best match first, as `feedd search` lists it.
    func searchListed(_ query: String, limit: Int) throws(StoreError) -> [ListedItem]
    /// Whether a main feed of that name is stored (configured or not any more).
    func hasMainFeed(named name: String) throws(StoreError) -> Bool
    /// The most recent deliveries of every state, newest first (`feedd hooks log`).
    func recentDeliveries(hook: String?, limit: Int) throws(StoreError) -> [OutboxEntry]
}

/// The claims of all owners at once: finding those of a process known to be dead, and letting
/// them lapse at once instead of after their lease.
public protocol ClaimSweeping: Sendable {
    /// The owners of claims that have not lapsed at `now`.
    func liveClaimOwners(now: Date) throws(StoreError) -> [String]
    /// Lets every claim of `owner` lapse at `now`; returns how many.
    @discardableResult
    func lapseClaims(owner: String, at now: Date) throws(StoreError) -> Int
}

extension FeedListStoring {
    /// Reconciles the stored main feeds with a config that owns the whole feed list.
    public func syncConfiguredFeeds(_ subscriptions: [FeedSubscription], now: Date) throws(StoreError) -> SyncReport {
        try syncConfiguredFeeds(subscriptions, stopping: .all, now: now)
    }
}

extension ItemStoring {
    /// A store without a group commit of its own writes each feed alone.
    public var commitsGroupsTogether: Bool { false }

    /// One transaction per feed, in order: the group commit of a store that has none of its own,
    /// so a store conforming before group commit existed still compiles and behaves.
    public func ingest(_ group: [FeedIngest]) throws(StoreError) -> [Result<IngestResult, StoreError>] {
        group.map { one in
            do throws(StoreError) {
                return .success(try ingest(feedID: one.feedID, entries: one.entries, routes: one.routes, now: one.now,
                                           recordingSuccess: one.success, policy: one.policy))
            } catch {
                return .failure(error)
            }
        }
    }
}

/// What the refresh path uses: the feed list with its fetch state, and items.
public typealias RefreshStoring = FeedListStoring & ItemStoring

/// Every role at once, as `Store` implements them on SQLite.
public typealias FeedStoring = FeedListStoring & ItemStoring & OutboxStoring & StoreQuerying & ClaimSweeping
