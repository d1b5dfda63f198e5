import FeedModel
import Foundation

/// The operations the daemon, the notifier and the command line need from a store, and nothing more.
///
/// `Store` implements it on SQLite. The protocol is kept narrow so a PostgreSQL store could
/// implement it too, with `dueFeeds` and `pendingDeliveries` claiming rows through
/// `SELECT … FOR UPDATE SKIP LOCKED` leases so several daemons share one feed list.
public protocol FeedStoring: Sendable {
    // Feed list
    /// Reconciles the stored main feeds with the configured ones.
    func syncConfiguredFeeds(_ subscriptions: [FeedSubscription], now: Date) throws(StoreError) -> SyncReport
    /// Every feed, main and comment, active or not.
    func feeds() throws(StoreError) -> [FeedRecord]
    /// One feed by id.
    func feed(id: Int64) throws(StoreError) -> FeedRecord?
    /// One feed's name, without reading the rest of its row.
    func feedName(id: Int64) throws(StoreError) -> String?
    /// Active feeds whose poll time and `Retry-After` have passed, soonest first.
    func dueFeeds(now: Date, limit: Int?) throws(StoreError) -> [FeedRecord]
    /// When the next active feed becomes due; nil when none is active.
    func nextPollDate() throws(StoreError) -> Date?
    /// Every active feed (`feedd fetch --all`).
    func allActiveFeeds() throws(StoreError) -> [FeedRecord]

    // Fetch state
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
    /// A permanent redirect; true when the feed's URL was changed.
    @discardableResult
    func recordPermanentRedirect(feedID: Int64, to target: String) throws(StoreError) -> Bool
    /// A 410 Gone from the feed's own URL: a failed poll that extends the feed's streak of them.
    func recordGone(feedID: Int64, at date: Date, error: String, nextPollAt: Date,
                    schedule: ScheduleNote?) throws(StoreError) -> GoneStreak
    /// Stops polling a feed for good.
    func retireFeed(feedID: Int64, reason: String) throws(StoreError)

    // Items
    /// Stores one fetch's entries with their outbox rows and comment feeds in one transaction.
    func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date) throws(StoreError) -> IngestResult
    /// `ingest`, then `recordSuccess` of the same poll, in one transaction.
    func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date,
                recordingSuccess success: SuccessRecord) throws(StoreError) -> IngestResult
    /// Items newest first.
    func items(feedName: String?, since: Date?, limit: Int) throws(StoreError) -> [StoredItem]
    /// One item by id.
    func item(id: Int64) throws(StoreError) -> StoredItem?
    /// One item's feed and dates, without decoding its entry (a comment feed's article, each poll).
    func articleDates(id: Int64) throws(StoreError) -> ArticleDates?
    /// The dates (published, else updated, else first seen) of a feed's newest items, newest first,
    /// none later than `now`: what `interval = "auto"` reads the publishing rate from.
    func recentItemDates(feedID: Int64, limit: Int, now: Date) throws(StoreError) -> [Date]
    /// Full-text search.
    func search(_ query: String, limit: Int) throws(StoreError) -> [StoredItem]
    /// How many items a feed holds.
    func itemCount(feedID: Int64) throws(StoreError) -> Int
    /// When a feed's newest item was first seen, and when it last listed any item.
    func itemActivity(feedID: Int64) throws(StoreError) -> ItemActivity
    /// One row per feed for `feedd status`.
    func statusRows() throws(StoreError) -> [FeedStatus]
    /// Deletes items past retention; returns how many.
    func applyRetention(now: Date) throws(StoreError) -> Int

    // Outbox
    /// Deliveries due now.
    func pendingDeliveries(now: Date, limit: Int) throws(StoreError) -> [OutboxEntry]
    /// A delivery succeeded.
    func markDelivered(id: Int64, at date: Date) throws(StoreError)
    /// An attempt failed; try again at `nextAttemptAt`.
    func markAttemptFailed(id: Int64, error: String, nextAttemptAt: Date) throws(StoreError)
    /// The last attempt failed; park the delivery.
    func park(id: Int64, error: String, at date: Date) throws(StoreError)
    /// Puts parked deliveries (all when nil) back in line.
    @discardableResult
    func retryParked(ids: [Int64]?) throws(StoreError) -> Int
    /// The outbox in one state, for `feedd hooks`.
    func outbox(state: OutboxState) throws(StoreError) -> [OutboxEntry]
    /// When the next pending delivery is due.
    func nextOutboxDue() throws(StoreError) -> Date?
}
