import FeedModel
import Foundation

/// One feed's share of a group commit: the entries of one fetch and the success of that poll,
/// as the combined `ingest(feedID:entries:routes:now:recordingSuccess:policy:)` takes them.
public struct FeedIngest: Sendable {
    public var feedID: Int64
    public var entries: [Entry]
    public var routes: [HookRoute]
    public var now: Date
    public var success: SuccessRecord
    public var policy: any IngestPolicy

    public init(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date, success: SuccessRecord,
                policy: any IngestPolicy) {
        self.feedID = feedID
        self.entries = entries
        self.routes = routes
        self.now = now
        self.success = success
        self.policy = policy
    }
}

extension Store {
    /// SQLite writes a whole group in one transaction (`ingest(_:)` below).
    public var commitsGroupsTogether: Bool { true }

    /// Several feeds' combined ingests in ONE write transaction, each in its own savepoint.
    ///
    /// Each feed stays all or nothing: one that fails is rolled back to its savepoint and
    /// reported in its place, the others commit. A crash before the commit loses the whole
    /// group, items and validators together, so every feed of it is fetched and ingested again.
    /// What it saves: one commit (WAL frames of the pages several feeds share, file locks, a new
    /// search-index segment) per group instead of per feed.
    ///
    /// The search index is written after the last savepoint: FTS5 flushes its pending tokens into
    /// a new segment at every SAVEPOINT and RELEASE, so indexing inside each feed's savepoint cost
    /// a segment (and the merges that follow) per feed, 14% of a cold cycle's CPU. A feed rolled
    /// back takes its rows with it; the rest are indexed in the same transaction as their items.
    ///
    /// Throws only when the transaction itself cannot begin or commit; then no feed of the group
    /// is stored.
    public func ingest(_ group: [FeedIngest]) throws(StoreError) -> [Result<IngestResult, StoreError>] {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> [Result<IngestResult, StoreError>] in
            try db.transaction { () throws(StoreError) -> [Result<IngestResult, StoreError>] in
                var results: [Result<IngestResult, StoreError>] = []
                results.reserveCapacity(group.count)
                var searchRows: [SearchIndex.Row] = []
                for one in group {
                    var feedRows: [SearchIndex.Row] = []
                    let result = try db.savepoint { () throws(StoreError) -> IngestResult in
                        try Self.ingest(db, feedID: one.feedID, entries: one.entries, routes: one.routes, now: one.now,
                                        recordingSuccess: one.success, policy: one.policy, deferringSearch: &feedRows)
                    }
                    if case .success = result { searchRows += feedRows }
                    results.append(result)
                }
                try SearchIndex.add(db, searchRows)
                return results
            }
        }
    }
}
