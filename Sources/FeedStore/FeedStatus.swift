import Foundation

/// One line of `feedd status`: a feed's schedule, health and size.
public struct FeedStatus: Sendable, Hashable {
    public var feedID: Int64
    public var name: String
    public var url: String
    public var kind: FeedRecord.Kind
    public var isActive: Bool
    public var lastFetchedAt: Date?
    public var lastStatus: Int?
    public var itemCount: Int
    public var nextPollAt: Date
    public var lastError: String?
    public var consecutiveErrors: Int
    /// Why an inactive feed stopped (410 Gone, removed from the config, comment window over).
    public var retiredReason: String?
}

extension Store {
    /// Status of every feed, main feeds and their comment feeds, in id order.
    public func statusRows() throws(StoreError) -> [FeedStatus] {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> [FeedStatus] in
            try db.query("""
                SELECT f.id, f.name, f.url, f.kind, f.active, f.last_fetched_at, f.last_status,
                    (SELECT count(*) FROM items i WHERE i.feed_id = f.id), f.next_poll_at, f.last_error, f.consecutive_errors,
                    f.retired_reason
                FROM feeds f ORDER BY f.id
                """) { row in
                FeedStatus(feedID: row.int64(0), name: row.text(1), url: row.text(2),
                           kind: FeedRecord.Kind(rawValue: row.text(3)) ?? .main, isActive: row.bool(4),
                           lastFetchedAt: row.optionalDate(5), lastStatus: row.optionalInt(6), itemCount: row.int(7),
                           nextPollAt: row.date(8), lastError: row.optionalText(9), consecutiveErrors: row.int(10),
                           retiredReason: row.optionalText(11))
            }
        }
    }
}
