import Foundation

/// What scheduling a comment feed needs of its article: which feed carries it and its dates,
/// read from columns so a poll does not decode the whole stored entry.
public struct ArticleDates: Sendable, Hashable {
    public var itemID: Int64
    /// The main feed the article belongs to.
    public var feedID: Int64
    /// The article's publication date, or when feedd first stored it if the feed gave none or
    /// a later one: a date in the future would keep the article young, and its comment feed
    /// polled at the shortest interval, for ever.
    public var publishedOrSeen: Date
    /// When feedd first stored the article.
    public var firstSeen: Date
    /// When the main feed last carried the article.
    public var lastSeen: Date

    public init(itemID: Int64, feedID: Int64, publishedOrSeen: Date, firstSeen: Date, lastSeen: Date) {
        self.itemID = itemID
        self.feedID = feedID
        self.publishedOrSeen = publishedOrSeen
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

extension Store {
    /// The feed and dates of one item, or nil; the `published` column mirrors `entry.published`,
    /// clamped here to `first_seen` (see `publishedOrSeen`).
    public func articleDates(id: Int64) throws(StoreError) -> ArticleDates? {
        try withReader { (db: SQLiteConnection) throws(StoreError) -> ArticleDates? in
            try db.queryFirst("""
                SELECT feed_id, min(coalesce(published, first_seen), first_seen), first_seen, last_seen FROM items WHERE id = ?
                """, [id]) {
                ArticleDates(itemID: id, feedID: $0.int64(0), publishedOrSeen: $0.date(1), firstSeen: $0.date(2),
                             lastSeen: $0.date(3))
            }
        }
    }
}
