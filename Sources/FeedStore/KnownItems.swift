import Foundation

/// The stored items of one feed that an ingest batch can match its entries against, read in a
/// few `IN (…)` queries at the start of the batch and kept in step with the batch's own writes.
///
/// Why: three indexed SELECTs per entry (by key, by URL, by title and date) were a fifth of the
/// cost of ingesting a new item. The batch's answers must be what those SELECTs would have
/// returned at that point of the batch, so this holds every item such a SELECT could find:
/// - by key: the items with the batch's keys (a key the batch does not find at the start can
///   only appear through the batch's own insert or re-key, which it records here);
/// - by URL or by title: the items with the URLs and titles of the entries whose key is not
///   stored; items the batch inserts or rewrites are recorded with their new values.
/// Text compares byte for byte (`ExactText`) and dates as stored REALs, as SQLite does.
struct KnownItems {
    /// An item as far as matching and refreshing need it.
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
        /// `published` as stored: REAL seconds since 1970.
        var published: Double?

        init(id: Int64, key: String, contentHash: String, version: Int, firstSeen: Date, lastSeen: Date, wasBacklog: Bool,
             normalizedURL: String?, title: String?, published: Double?) {
            self.id = id
            self.key = key
            self.contentHash = contentHash
            self.version = version
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
            self.wasBacklog = wasBacklog
            self.normalizedURL = normalizedURL
            self.title = title
            self.published = published
        }

        init(row: Row) {
            self.init(id: row.int64(0), key: row.text(1), contentHash: row.text(2), version: row.int(3),
                      firstSeen: row.date(4), lastSeen: row.date(5), wasBacklog: row.bool(6),
                      normalizedURL: row.optionalText(7), title: row.optionalText(8), published: row.optionalDouble(9))
        }
    }

    /// How many values one `IN (…)` query binds; the last chunk is padded with NULL, which matches nothing.
    static let chunkSize = 64

    private var items: [Int64: Item] = [:]
    private var idByKey: [ExactText: Int64] = [:]
    private var idsByURL: [ExactText: [Int64]] = [:]
    private var idsByTitle: [ExactText: [Int64]] = [:]

    /// Reads the items of `feedID` whose identity key is one of `keys`.
    mutating func load(_ db: SQLiteConnection, feedID: Int64, keys: some Collection<String>) throws(StoreError) {
        try load(db, feedID: feedID, column: "identity_key", values: keys)
    }

    /// Reads the items of `feedID` that the guid-rewrite match of these entries could find: the
    /// same normalised URL, or the same title and publication date.
    mutating func loadCandidates(_ db: SQLiteConnection, feedID: Int64, urls: some Collection<String>,
                                 titlesAndDates: some Collection<(title: String, published: Double)>) throws(StoreError) {
        try load(db, feedID: feedID, column: "normalized_url", values: urls)
        // Titles drive the index; the dates only filter (`+` keeps them off the index), so a feed
        // whose items share one title does not hand over all of them.
        for chunk in titlesAndDates.chunks(of: Self.chunkSize) {
            let placeholders = Self.placeholders
            let sql = """
                SELECT \(Item.columns) FROM items
                WHERE feed_id = ? AND title IN (\(placeholders)) AND +published IN (\(placeholders))
                """
            let values: [any SQLBindable] = [feedID] + Self.padded(chunk.map(\.title)) + Self.padded(chunk.map(\.published))
            for item in try db.query(sql, values, Item.init) where items[item.id] == nil { record(item) }
        }
    }

    /// The item with this identity key.
    func item(key: String) -> Item? {
        idByKey[ExactText(key)].flatMap { items[$0] }
    }

    /// The items with this normalised URL and the same title or the same publication date (`IS`: nil matches nil).
    func items(normalizedURL: String, title: String?, published: Double?) -> [Item] {
        (idsByURL[ExactText(normalizedURL)] ?? []).compactMap { items[$0] }.filter {
            $0.title.map(ExactText.init) == title.map(ExactText.init) || $0.published == published
        }
    }

    /// The items with this title and publication date.
    func items(title: String, published: Double) -> [Item] {
        (idsByTitle[ExactText(title)] ?? []).compactMap { items[$0] }.filter { $0.published == published }
    }

    /// Records an item the batch inserted or rewrote, replacing what was known of it.
    mutating func record(_ item: Item) {
        if let old = items[item.id] { unindex(old) }
        items[item.id] = item
        index(item)
    }

    private mutating func index(_ item: Item) {
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

    /// Reads, in chunks, the items of `feedID` whose `column` holds one of `values`; items already known are kept as they are.
    private mutating func load(_ db: SQLiteConnection, feedID: Int64, column: String,
                               values: some Collection<String>) throws(StoreError) {
        let sql = "SELECT \(Item.columns) FROM items WHERE feed_id = ? AND \(column) IN (\(Self.placeholders))"
        for chunk in values.chunks(of: Self.chunkSize) {
            for item in try db.query(sql, [feedID] + Self.padded(chunk), Item.init) where items[item.id] == nil { record(item) }
        }
    }

    private static let placeholders = Array(repeating: "?", count: chunkSize).joined(separator: ", ")

    /// `values` and NULLs up to `chunkSize`: one statement text for every chunk, and NULL is in no `IN` list.
    private static func padded(_ values: [some SQLBindable]) -> [any SQLBindable] {
        values.map { $0 as any SQLBindable } + Array(repeating: SQLValue.null as any SQLBindable, count: chunkSize - values.count)
    }
}

private extension Collection {
    /// The elements in arrays of at most `size`, in order.
    func chunks(of size: Int) -> [[Element]] {
        var chunks: [[Element]] = []
        var index = startIndex
        while index != endIndex {
            let end = self.index(index, offsetBy: size, limitedBy: endIndex) ?? endIndex
            chunks.append(Array(self[index..<end]))
            index = end
        }
        return chunks
    }
}

/// Text that compares and hashes by its UTF-8 bytes, as SQLite's BINARY collation compares,
/// not by Unicode canonical equivalence as `String` does.
package struct ExactText: Hashable {
    package let text: String

    package init(_ text: String) { self.text = text }

    /// `memcmp` on the contiguous bytes: comparing `utf8` views element by element cost more
    /// than the rest of a lookup.
    package static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        var left = lhs.text
        var right = rhs.text
        return left.withUTF8 { left in
            right.withUTF8 { right in
                guard left.count == right.count else { return false }
                guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return true }
                return memcmp(leftBase, rightBase, left.count) == 0
            }
        }
    }

    package func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
