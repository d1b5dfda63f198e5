import FeedModel
import Foundation

/// One stored item (an article of a main feed or a comment of a comment feed), with the entry as parsed.
public struct StoredItem: Sendable, Hashable {
    public var id: Int64
    public var feedID: Int64
    /// The frozen identity inside the feed (see `ItemIdentity`).
    public var identityKey: String
    /// The entry as the parser gave it at the last insert or update, rebuilt from `entry_json`
    /// and the content columns (the large texts are stored once, in their columns, not in the JSON).
    public var entry: Entry
    /// When feedd first stored the item.
    public var firstSeen: Date
    /// When the feed last carried the item (refreshed at most every `ItemIdentity.sightingRefresh`).
    public var lastSeen: Date
    public var contentHash: String
    /// 1 when stored, incremented by every content update; part of an `updated` delivery's id.
    public var version: Int
    /// Stored as backlog of a feed's first fetch, without hook events.
    public var wasBacklog: Bool

    static let columns = """
        id, feed_id, identity_key, entry_json, first_seen, last_seen, content_hash, version, was_backlog,
        content_html, content_text, summary
        """

    /// How many columns `columns` names.
    static let columnCount = 12

    /// `columns` with every name prefixed by a table alias, for joins.
    static func columns(alias: String) -> String {
        columns.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// An item as a second store or a planner test builds it, without a database row.
    public init(id: Int64, feedID: Int64, identityKey: String, entry: Entry, firstSeen: Date, lastSeen: Date,
         contentHash: String, version: Int, wasBacklog: Bool) {
        self.id = id
        self.feedID = feedID
        self.identityKey = identityKey
        self.entry = entry
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.contentHash = contentHash
        self.version = version
        self.wasBacklog = wasBacklog
    }

    /// Reads a row selected with `columns`, starting at column `offset`.
    init(row: Row, offset: Int32 = 0, path: String) throws(StoreError) {
        id = row.int64(offset)
        feedID = row.int64(offset + 1)
        identityKey = row.text(offset + 2)
        entry = try JSONColumn.decode(Entry.self, from: row.text(offset + 3), path: path, what: "entry of item \(id)")
        entry.contentHTML = row.optionalText(offset + 9)
        entry.contentText = row.optionalText(offset + 10)
        entry.summary = row.optionalText(offset + 11)
        firstSeen = row.date(offset + 4)
        lastSeen = row.date(offset + 5)
        contentHash = row.text(offset + 6)
        version = row.int(offset + 7)
        wasBacklog = row.bool(offset + 8)
    }
}
