import FeedModel
import FeedStore
import Foundation

extension PostgresStore {
    /// A LIMIT value as SQLite reads one: negative means no limit (NULL to PostgreSQL).
    static func sqlLimit(_ limit: Int) -> Int? { limit < 0 ? nil : limit }

    static let listingColumns = "f.kind, coalesce(mf.name, f.name), a.title, a.url"
    static let listingJoins = """
        JOIN feeds f ON f.id = i.feed_id LEFT JOIN items a ON a.id = f.parent_item_id LEFT JOIN feeds mf ON mf.id = a.feed_id
        """

    static func listedItem(_ row: PostgresRow, server: String) throws(StoreError) -> ListedItem {
        let item = try PostgresRecords.item(row, server: server)
        let base = PostgresRecords.itemColumnCount
        return ListedItem.make(item: item, feedName: row.text(base + 1), isComment: row.text(base) == FeedRecord.Kind.comments.rawValue,
                               articleTitle: row.optionalText(base + 2), articleURL: row.optionalText(base + 3))
    }

    /// Items newest first by their own date, optionally of one feed and since a date.
    public func items(feedName: String?, since: Date?, limit: Int) throws(StoreError) -> [StoredItem] {
        try withSession { (db: PostgresSession) throws(StoreError) -> [StoredItem] in
            try db.query("""
                SELECT \(PostgresRecords.itemColumns(alias: "i")) FROM items i JOIN feeds f ON f.id = i.feed_id
                WHERE ($1::text IS NULL OR f.name = $1) AND ($2::float8 IS NULL OR i.sort_date >= $2)
                ORDER BY i.sort_date DESC, i.id DESC LIMIT $3
                """, [feedName, since, Self.sqlLimit(limit)]) { (row: PostgresRow) throws(StoreError) in
                try PostgresRecords.item(row, server: db.server)
            }
        }
    }

    /// One item by id, or nil.
    public func item(id: Int64) throws(StoreError) -> StoredItem? {
        try withSession { (db: PostgresSession) throws(StoreError) -> StoredItem? in try PostgresRecords.selectItem(db, id: id) }
    }

    /// How many items a feed holds.
    public func itemCount(feedID: Int64) throws(StoreError) -> Int {
        try withSession { (db: PostgresSession) throws(StoreError) -> Int in
            try db.queryFirst("SELECT count(*) FROM items WHERE feed_id = $1", [feedID]) { $0.int(0) } ?? 0
        }
    }

    /// Items newest first with their feed's name, as `feedd items` lists them.
    public func listedItems(_ filter: ItemFilter) throws(StoreError) -> [ListedItem] {
        try withSession { (db: PostgresSession) throws(StoreError) -> [ListedItem] in
            try db.query("""
                SELECT \(PostgresRecords.itemColumns(alias: "i")), \(Self.listingColumns) FROM items i \(Self.listingJoins)
                WHERE ($1::text IS NULL OR (CASE WHEN $4::integer <> 0 THEN mf.name = $1 ELSE f.name = $1 END))
                    AND ($2::float8 IS NULL OR i.sort_date >= $2) AND ($4::integer = 0 OR f.kind = 'comments')
                    AND ($5::integer <> 0 OR i.blocked = 0)
                ORDER BY i.sort_date DESC, i.id DESC LIMIT $3
                """, [filter.feedName, filter.since, Self.sqlLimit(filter.limit), filter.comments, filter.includeBlocked]) {
                (row: PostgresRow) throws(StoreError) in try Self.listedItem(row, server: db.server)
            }
        }
    }

    /// Whether a main feed of that name is stored (configured now or once).
    public func hasMainFeed(named name: String) throws(StoreError) -> Bool {
        try withSession { (db: PostgresSession) throws(StoreError) -> Bool in
            try db.queryFirst("SELECT 1 FROM feeds WHERE kind = 'main' AND name = $1 LIMIT 1", [name]) { _ in true } ?? false
        }
    }

    /// The dates of a feed's newest items, newest first, none later than `now`.
    public func recentItemDates(feedID: Int64, limit: Int, now: Date) throws(StoreError) -> [Date] {
        try withSession { (db: PostgresSession) throws(StoreError) -> [Date] in
            try db.query("""
                SELECT sort_date FROM items WHERE feed_id = $1 AND sort_date <= $2 ORDER BY sort_date DESC LIMIT $3
                """, [feedID, now, Self.sqlLimit(limit)]) { $0.date(0) }
        }
    }

    /// When a feed's newest item was first seen, and when it last listed any item.
    public func itemActivity(feedID: Int64) throws(StoreError) -> ItemActivity {
        try withSession { (db: PostgresSession) throws(StoreError) -> ItemActivity in
            try db.queryFirst("SELECT max(first_seen), max(last_seen) FROM items WHERE feed_id = $1", [feedID]) {
                ItemActivity(newestItem: $0.optionalDate(0), lastListing: $0.optionalDate(1))
            } ?? ItemActivity(newestItem: nil, lastListing: nil)
        }
    }

    /// One item's feed and dates, without decoding its entry.
    public func articleDates(id: Int64) throws(StoreError) -> ArticleDates? {
        try withSession { (db: PostgresSession) throws(StoreError) -> ArticleDates? in
            try db.queryFirst("""
                SELECT i.feed_id, f.name, least(coalesce(i.published, i.first_seen), i.first_seen), i.first_seen, i.last_seen,
                    f.last_listed_at
                FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = $1
                """, [id]) {
                ArticleDates(itemID: id, feedID: $0.int64(0), feedName: $0.text(1), publishedOrSeen: $0.date(2),
                             firstSeen: $0.date(3), lastSeen: $0.date(4), feedLastListing: $0.optionalDate(5))
            }
        }
    }

    /// One row per feed for `feedd status`, in id order.
    public func statusRows() throws(StoreError) -> [FeedStatus] {
        try withSession { (db: PostgresSession) throws(StoreError) -> [FeedStatus] in
            try db.query("""
                SELECT f.id, f.name, f.url, f.kind, f.active, f.last_fetched_at, f.last_status,
                    (SELECT count(*) FROM items i WHERE i.feed_id = f.id), f.next_poll_at, f.last_error, f.consecutive_errors,
                    f.retired_reason, f.schedule_interval_seconds, f.schedule_reason, f.hint_ttl_seconds,
                    f.hint_max_age_seconds, f.hint_update_period_seconds, f.retry_not_before,
                    a.id, a.feed_id, a.title, a.url, f.title, f.last_warning
                FROM feeds f LEFT JOIN items a ON a.id = f.parent_item_id ORDER BY f.id
                """) { row in
                var status = FeedStatus(
                    feedID: row.int64(0), name: row.text(1), url: row.text(2),
                    kind: FeedRecord.Kind(rawValue: row.text(3)) ?? .main, isActive: row.bool(4),
                    lastFetchedAt: row.optionalDate(5), lastStatus: row.optionalInt(6), itemCount: row.int(7),
                    nextPollAt: row.date(8), lastError: row.optionalText(9), consecutiveErrors: row.int(10),
                    retiredReason: row.optionalText(11), retryNotBefore: row.optionalDate(17), title: row.optionalText(22))
                status.lastWarning = row.optionalText(23)
                if let interval = row.optionalDouble(12), let reason = row.optionalText(13).flatMap(IntervalReason.init) {
                    status.schedule = ScheduleNote(intervalSeconds: interval, reason: reason, ttl: row.optionalDouble(14),
                                                   cacheMaxAge: row.optionalDouble(15), updatePeriod: row.optionalDouble(16))
                }
                if let articleID = row.optionalInt64(18) {
                    status.article = FeedStatus.Article.make(id: articleID, feedID: row.int64(19), title: row.optionalText(20),
                                                             url: row.optionalText(21))
                }
                return status
            }
        }
    }
}
