import Foundation

/// An item as `feedd items` and `feedd search` list it: the stored item with the name of the feed
/// it belongs to, and for a comment, the article it comments on.
public struct ListedItem: Sendable, Hashable {
    public var item: StoredItem
    /// The configured feed the item belongs to: its own for an article, its article's for a comment.
    public var feedName: String
    public var isComment: Bool
    /// For a comment: its article's title and URL (nil once the article was deleted).
    public var articleTitle: String?
    public var articleURL: String?

    /// The item's date: published, else updated, else first seen (what items are listed by).
    public var date: Date { item.entry.published ?? item.entry.modified ?? item.firstSeen }
}

/// Which items `feedd items` lists.
public struct ItemFilter: Sendable, Hashable {
    /// A configured feed's name: its articles, or with `comments` the comments on them.
    public var feedName: String?
    /// Only comments (of every feed, or of `feedName`'s articles).
    public var comments: Bool
    /// Only items whose date (published, else updated, else first seen) is at or after this.
    public var since: Date?
    public var limit: Int
    /// Also the items a feed's block/allow rules held back (`feedd items --all`).
    public var includeBlocked: Bool

    public init(feedName: String? = nil, comments: Bool = false, since: Date? = nil, limit: Int = 50,
                includeBlocked: Bool = false) {
        self.feedName = feedName
        self.comments = comments
        self.since = since
        self.limit = limit
        self.includeBlocked = includeBlocked
    }
}

extension Store {
    /// The columns after `StoredItem.columns(alias: "i")` that make a `ListedItem`, and the joins they need.
    static let listingColumns = "f.kind, coalesce(mf.name, f.name), a.title, a.url"
    static let listingJoins = """
        JOIN feeds f ON f.id = i.feed_id LEFT JOIN items a ON a.id = f.parent_item_id LEFT JOIN feeds mf ON mf.id = a.feed_id
        """

    /// Items newest first by their date, as `filter` selects them.
    public func listedItems(_ filter: ItemFilter) throws(StoreError) -> [ListedItem] {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> [ListedItem] in
            try db.query("""
                SELECT \(StoredItem.columns(alias: "i")), \(Self.listingColumns) FROM items i \(Self.listingJoins)
                WHERE (?1 IS NULL OR (CASE WHEN ?4 THEN mf.name = ?1 ELSE f.name = ?1 END))
                    AND (?2 IS NULL OR i.sort_date >= ?2) AND (NOT ?4 OR f.kind = 'comments')
                    AND (?5 OR i.blocked = 0)
                ORDER BY i.sort_date DESC, i.id DESC LIMIT ?3
                """, [filter.feedName, filter.since, filter.limit, filter.comments, filter.includeBlocked]) { (row: Row) throws(StoreError) in
                try Self.listedItem(row, path: db.path)
            }
        }
    }

    /// Reads a row of `StoredItem.columns(alias:)` followed by `listingColumns`.
    static func listedItem(_ row: Row, path: String) throws(StoreError) -> ListedItem {
        let item = try StoredItem(row: row, path: path)
        let base = Int32(StoredItem.columnCount)
        return ListedItem(item: item, feedName: row.text(base + 1), isComment: row.text(base) == FeedRecord.Kind.comments.rawValue,
                          articleTitle: row.optionalText(base + 2), articleURL: row.optionalText(base + 3))
    }

    /// Whether a main feed of that name is stored (configured now or once).
    public func hasMainFeed(named name: String) throws(StoreError) -> Bool {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Bool in
            try db.queryFirst("SELECT 1 FROM feeds WHERE kind = 'main' AND name = ?", [name]) { _ in true } ?? false
        }
    }
}
