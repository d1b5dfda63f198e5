import Foundation

/// What remains of the items retention deleted: their identities, so an item its feed lists
/// again is recognised and never announced as `new` a second time (a receiver cannot drop a
/// repeat that arrives with a new delivery id).
///
/// A tombstone holds the identity key and what the guid-rewrite match compares (normalised URL,
/// title, publication date), and the item's first sighting, which the item gets back.
struct ItemTombstones {
    /// One deleted item's identity.
    struct Tombstone {
        var key: String
        var normalizedURL: String?
        var title: String?
        /// As stored: REAL seconds since 1970.
        var published: Double?
        var firstSeen: Date

        static let columns = "identity_key, normalized_url, title, published, first_seen"

        init(row: Row) {
            key = row.text(0)
            normalizedURL = row.optionalText(1)
            title = row.optionalText(2)
            published = row.optionalDouble(3)
            firstSeen = row.date(4)
        }
    }

    private var byKey: [ExactText: Tombstone] = [:]
    private var byURL: [ExactText: [Tombstone]] = [:]
    private var byTitle: [ExactText: [Tombstone]] = [:]

    /// Records the identity of item `itemID` before it is deleted.
    static func bury(_ db: SQLiteConnection, itemID: Int64, at date: Date) throws(StoreError) {
        try db.run("""
            INSERT OR REPLACE INTO item_tombstones
                (feed_id, identity_key, normalized_url, title, published, first_seen, deleted_at)
            SELECT feed_id, identity_key, normalized_url, title, published, first_seen, ? FROM items WHERE id = ?
            """, [date, itemID])
    }

    /// Forgets the tombstone of `key`: the item is stored again.
    static func remove(_ db: SQLiteConnection, feedID: Int64, key: String) throws(StoreError) {
        try db.run("DELETE FROM item_tombstones WHERE feed_id = ? AND identity_key = ?", [feedID, key])
    }

    /// Reads the tombstones of `feedID` these entries could match: by key, by normalised URL, by title.
    ///
    /// Costs one indexed probe when the feed has none, which is nearly always.
    mutating func load(_ db: SQLiteConnection, feedID: Int64, keys: [String], urls: [String],
                       titles: [String]) throws(StoreError) {
        guard !keys.isEmpty,
              try db.queryFirst("SELECT 1 FROM item_tombstones WHERE feed_id = ? LIMIT 1", [feedID], { _ in true }) == true
        else { return }
        var seen: Set<ExactText> = []
        for (column, values) in [("identity_key", keys), ("normalized_url", urls), ("title", titles)] {
            for value in Set(values.map(ExactText.init)) {
                let rows = try db.query("SELECT \(Tombstone.columns) FROM item_tombstones WHERE feed_id = ? AND \(column) = ?",
                                        [feedID, value.text], Tombstone.init)
                for tombstone in rows where seen.insert(ExactText(tombstone.key)).inserted { index(tombstone) }
            }
        }
    }

    /// The deleted item this entry is, by the same rules as a stored one: the same key; else the
    /// same normalised URL with the same title or date; else the same title and date. A
    /// candidate whose own key is in this fetch is that entry's, not this one's.
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
