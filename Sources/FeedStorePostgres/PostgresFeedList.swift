import FeedModel
import FeedStore
import Foundation

extension PostgresStore {
    /// Every feed, main and comment, active or not, in id order.
    public func feeds() throws(StoreError) -> [FeedRecord] {
        try selectFeeds("ORDER BY id", [])
    }

    /// One feed by id, or nil.
    public func feed(id: Int64) throws(StoreError) -> FeedRecord? {
        try selectFeeds("WHERE id = $1", [id]).first
    }

    /// One feed's name, without reading the rest of its row.
    public func feedName(id: Int64) throws(StoreError) -> String? {
        try withSession { (db: PostgresSession) throws(StoreError) -> String? in
            try db.queryFirst("SELECT name FROM feeds WHERE id = $1", [id]) { $0.text(0) }
        }
    }

    /// Active feeds whose poll time and `Retry-After` have passed, soonest first.
    public func dueFeeds(now: Date, limit: Int?) throws(StoreError) -> [FeedRecord] {
        try selectFeeds(Self.dueClause + " LIMIT $2", [now, limit.flatMap(Self.sqlLimit)])
    }

    public func dueFeedIDs(now: Date) throws(StoreError) -> [Int64] {
        try withSession { (db: PostgresSession) throws(StoreError) -> [Int64] in
            try db.query("SELECT id FROM feeds " + Self.dueClause, [now]) { $0.int64(0) }
        }
    }

    /// The due feeds at `$1`, soonest first.
    private static let dueClause = """
        WHERE active = 1 AND next_poll_at <= $1 AND (retry_not_before IS NULL OR retry_not_before <= $1)
        ORDER BY next_poll_at, id
        """

    public func nextPollDate(recheckingClaimsAt recheck: Date) throws(StoreError) -> Date? {
        // `least` skips a NULL, where SQLite's `min` returns it: an unclaimed feed must count as 0.
        try withSession { (db: PostgresSession) throws(StoreError) -> Date? in
            try db.queryFirst("""
                SELECT min(greatest(next_poll_at, coalesce(retry_not_before, next_poll_at),
                                    CASE WHEN lease_until IS NULL THEN 0 ELSE least(lease_until, $1) END))
                FROM feeds WHERE active = 1
                """, [recheck]) { $0.optionalDate(0) } ?? nil
        }
    }

    /// Every active feed, main and comment, for `feedd fetch --all`.
    public func allActiveFeeds() throws(StoreError) -> [FeedRecord] {
        try selectFeeds("WHERE active = 1 ORDER BY id", [])
    }

    func selectFeeds(_ clause: String, _ values: [any PostgresBindable]) throws(StoreError) -> [FeedRecord] {
        try withSession { (db: PostgresSession) throws(StoreError) -> [FeedRecord] in
            try PostgresRecords.selectFeeds(db, clause, values)
        }
    }
}
