import Foundation

extension Store {
    /// Items newest first (by publication date, else first sighting), optionally of one feed
    /// (by name, main or comment feed) and since a date.
    public func items(feedName: String?, since: Date?, limit: Int) throws(StoreError) -> [StoredItem] {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> [StoredItem] in
            try db.query("""
                SELECT \(StoredItem.columns(alias: "i")) FROM items i JOIN feeds f ON f.id = i.feed_id
                WHERE (?1 IS NULL OR f.name = ?1) AND (?2 IS NULL OR i.sort_date >= ?2)
                ORDER BY i.sort_date DESC, i.id DESC LIMIT ?3
                """, [feedName, since, limit]) { (row: Row) throws(StoreError) in try StoredItem(row: row, path: db.path) }
        }
    }

    /// One item by id, or nil (e.g. the article of a comment feed, for its age).
    public func item(id: Int64) throws(StoreError) -> StoredItem? {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> StoredItem? in try Self.selectItem(db, id: id) }
    }

    /// The dates (published, else updated, else first seen) of a feed's newest items, newest first,
    /// none later than `now` (a date in the future says nothing about the publishing rate).
    public func recentItemDates(feedID: Int64, limit: Int, now: Date) throws(StoreError) -> [Date] {
        try withReader { (db: SQLiteConnection) throws(StoreError) -> [Date] in
            try db.query("""
                SELECT sort_date FROM items WHERE feed_id = ? AND sort_date <= ? ORDER BY sort_date DESC LIMIT ?
                """, [feedID, now, limit]) { $0.date(0) }
        }
    }

    /// How many items a feed has stored.
    public func itemActivity(feedID: Int64) throws(StoreError) -> ItemActivity {
        try withReader { (db: SQLiteConnection) throws(StoreError) -> ItemActivity in
            try db.queryFirst("SELECT max(first_seen), max(last_seen) FROM items WHERE feed_id = ?", [feedID]) {
                ItemActivity(newestItem: $0.optionalDate(0), lastListing: $0.optionalDate(1))
            } ?? ItemActivity(newestItem: nil, lastListing: nil)
        }
    }

    public func itemCount(feedID: Int64) throws(StoreError) -> Int {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Int in
            try db.queryFirst("SELECT count(*) FROM items WHERE feed_id = ?", [feedID]) { $0.int(0) } ?? 0
        }
    }

    static func selectItem(_ db: SQLiteConnection, id: Int64) throws(StoreError) -> StoredItem? {
        try db.queryFirst("SELECT \(StoredItem.columns) FROM items WHERE id = ?", [id]) { (row: Row) throws(StoreError) in
            try StoredItem(row: row, path: db.path)
        }
    }
}
