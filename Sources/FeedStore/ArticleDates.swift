import Foundation

/// What scheduling a comment feed needs of its article: which feed carries it and its dates,
/// read from columns so a poll does not decode the whole stored entry.
public struct ArticleDates: Sendable, Hashable {
    public var itemID: Int64
    /// The main feed the article belongs to.
    public var feedID: Int64
    /// That feed's name: what a comment feed's hook routes and address policy are looked up by.
    public var feedName: String
    /// The article's publication date, or when feedd first stored it if the feed gave none or
    /// a later one: a date in the future would keep the article young, and its comment feed
    /// polled at the shortest interval, for ever.
    public var publishedOrSeen: Date
    /// When feedd first stored the article.
    public var firstSeen: Date
    /// When the main feed last carried the article.
    public var lastSeen: Date
    /// When the main feed's items were last listed (its last ingest, `feeds.last_listed_at`); nil
    /// before its first. What tells that the article has left the feed, read with the article so
    /// that a comment feed's poll does not scan every item of its main feed for it.
    public var feedLastListing: Date?

    public init(itemID: Int64, feedID: Int64, feedName: String, publishedOrSeen: Date, firstSeen: Date, lastSeen: Date,
                feedLastListing: Date? = nil) {
        self.itemID = itemID
        self.feedID = feedID
        self.feedName = feedName
        self.publishedOrSeen = publishedOrSeen
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.feedLastListing = feedLastListing
    }
}

extension Store {
    /// The feed and dates of one item, or nil; the `published` column mirrors `entry.published`,
    /// clamped here to `first_seen` (see `publishedOrSeen`). One query with the feed's name, which
    /// every poll of a comment feed needs too.
    public func articleDates(id: Int64) throws(StoreError) -> ArticleDates? {
        try withReader { (db: SQLiteConnection) throws(StoreError) -> ArticleDates? in
            try db.queryFirst("""
                SELECT i.feed_id, f.name, min(coalesce(i.published, i.first_seen), i.first_seen), i.first_seen, i.last_seen,
                    f.last_listed_at
                FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?
                """, [id]) {
                ArticleDates(itemID: id, feedID: $0.int64(0), feedName: $0.text(1), publishedOrSeen: $0.date(2),
                             firstSeen: $0.date(3), lastSeen: $0.date(4), feedLastListing: $0.optionalDate(5))
            }
        }
    }
}
