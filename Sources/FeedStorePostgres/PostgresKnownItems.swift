import FeedStore
import Foundation

/// The stored items an ingest batch can match, read in a few `= ANY(…)` queries at its start and
/// kept in step with the batch's own writes: `KnownItems` of the SQLite store, on PostgreSQL.
/// Text compares byte for byte (`ExactText`), as both databases compare it.
struct PostgresKnownItems {
    struct Item {
        static let columns = """
            id, identity_key, content_hash, version, first_seen, last_seen, was_backlog, normalized_url, title, published
            """

        var id: Int64
        var key: String
        var contentHash: String
        var version: Int
        var firstSeen: Date
        var lastSeen: Date
        var wasBacklog: Bool
        var normalizedURL: String?
        var title: String?
        var published: Double?
    }

    private var items: [Int64: Item] = [:]
    private var idByKey: [ExactText: Int64] = [:]
    private var idsByURL: [ExactText: [Int64]] = [:]
    private var idsByTitle: [ExactText: [Int64]] = [:]

    /// Reads the items of `feedID` that `condition` (on `$2`, `$3`, …) selects; known ones are kept as they are.
    mutating func load(_ db: PostgresSession, feedID: Int64, _ condition: String,
                       _ values: [any PostgresBindable]) throws(StoreError) {
        let rows = try db.query("SELECT \(Item.columns) FROM items WHERE feed_id = $1 AND \(condition)", [feedID] + values) {
            Item(id: $0.int64(0), key: $0.text(1), contentHash: $0.text(2), version: $0.int(3), firstSeen: $0.date(4),
                 lastSeen: $0.date(5), wasBacklog: $0.bool(6), normalizedURL: $0.optionalText(7), title: $0.optionalText(8),
                 published: $0.optionalDouble(9))
        }
        for item in rows where items[item.id] == nil { record(item) }
    }

    func item(key: String) -> Item? {
        idByKey[ExactText(key)].flatMap { items[$0] }
    }

    func items(normalizedURL: String, title: String?, published: Double?) -> [Item] {
        (idsByURL[ExactText(normalizedURL)] ?? []).compactMap { items[$0] }.filter {
            $0.title.map(ExactText.init) == title.map(ExactText.init) || $0.published == published
        }
    }

    func items(title: String, published: Double) -> [Item] {
        (idsByTitle[ExactText(title)] ?? []).compactMap { items[$0] }.filter { $0.published == published }
    }

    mutating func record(_ item: Item) {
        if let old = items[item.id] { unindex(old) }
        items[item.id] = item
        idByKey[ExactText(item.key)] = item.id
        if let url = item.normalizedURL { idsByURL[ExactText(url), default: []].append(item.id) }
        if let title = item.title { idsByTitle[ExactText(title), default: []].append(item.id) }
    }

    private mutating func unindex(_ item: Item) {
        let key = ExactText(item.key)
        if idByKey[key] == item.id { idByKey[key] = nil }
        if let url = item.normalizedURL { idsByURL[ExactText(url)]?.removeAll { $0 == item.id } }
        if let title = item.title { idsByTitle[ExactText(title)]?.removeAll { $0 == item.id } }
    }
}

/// The identities of items retention deleted, as the SQLite store's `ItemTombstones` keeps and
/// matches them, so an identity once seen is never `new` again.
struct PostgresTombstones {
    struct Tombstone {
        var key: String
        var normalizedURL: String?
        var title: String?
        var published: Double?
        var firstSeen: Date
    }

    private var byKey: [ExactText: Tombstone] = [:]
    private var byURL: [ExactText: [Tombstone]] = [:]
    private var byTitle: [ExactText: [Tombstone]] = [:]

    /// Records the identity of item `itemID` before it is deleted.
    static func bury(_ db: PostgresSession, itemID: Int64, at date: Date) throws(StoreError) {
        try db.run("""
            INSERT INTO item_tombstones (feed_id, identity_key, normalized_url, title, published, first_seen, deleted_at)
            SELECT feed_id, identity_key, normalized_url, title, published, first_seen, $1 FROM items WHERE id = $2
            ON CONFLICT (feed_id, (md5(identity_key))) DO UPDATE SET normalized_url = excluded.normalized_url,
                title = excluded.title, published = excluded.published, first_seen = excluded.first_seen,
                deleted_at = excluded.deleted_at
            """, [date, itemID])
    }

    /// Reads the tombstones of `feedID` these entries could match: by key, by normalised URL, by title.
    mutating func load(_ db: PostgresSession, feedID: Int64, keys: [String], urls: [String],
                       titles: [String]) throws(StoreError) {
        guard !keys.isEmpty,
              try db.queryFirst("SELECT 1 FROM item_tombstones WHERE feed_id = $1 LIMIT 1", [feedID], { _ in true }) == true
        else { return }
        let rows = try db.query("""
            SELECT identity_key, normalized_url, title, published, first_seen FROM item_tombstones
            WHERE feed_id = $1 AND (\(PostgresRecords.inList("identity_key", "$2")) OR \(PostgresRecords.inList("normalized_url", "$3"))
                OR \(PostgresRecords.inList("title", "$4")))
            ORDER BY identity_key
            """, [feedID, PostgresArray(keys), PostgresArray(urls), PostgresArray(titles)]) {
            Tombstone(key: $0.text(0), normalizedURL: $0.optionalText(1), title: $0.optionalText(2),
                      published: $0.optionalDouble(3), firstSeen: $0.date(4))
        }
        for tombstone in rows { index(tombstone) }
    }

    /// The deleted item this entry is: the same key; else the same normalised URL with the same
    /// title or date; else the same title and date. A candidate whose own key is in this fetch is
    /// that entry's, not this one's.
    func match(key: String, normalizedURL: String?, title: String?, published: Double?,
               keysInFetch: Set<String>) -> Tombstone? {
        if let tombstone = byKey[ExactText(key)] { return tombstone }
        let eligible = { (tombstone: Tombstone) in !keysInFetch.contains(tombstone.key) }
        if let url = normalizedURL, let tombstone = byURL[ExactText(url)]?.first(where: {
            eligible($0) && ($0.title.map(ExactText.init) == title.map(ExactText.init) || $0.published == published)
        }) {
            return tombstone
        }
        if let title, let published, let tombstone = byTitle[ExactText(title)]?.first(where: {
            eligible($0) && $0.published == published
        }) {
            return tombstone
        }
        return nil
    }

    private mutating func index(_ tombstone: Tombstone) {
        byKey[ExactText(tombstone.key)] = tombstone
        if let url = tombstone.normalizedURL { byURL[ExactText(url), default: []].append(tombstone) }
        if let title = tombstone.title { byTitle[ExactText(title), default: []].append(tombstone) }
    }
}
