import Foundation

/// Keeps the contentless FTS5 table `items_fts` in step with `items`.
///
/// The index stores no text of its own (it would double the database), so removing an item's
/// tokens means handing FTS5 the exact text that was indexed: `SearchText.body` of the stored
/// columns. That function must therefore stay stable; if it ever changes, add a migration step
/// that clears the index (`'delete-all'`) and indexes every item again. Should a removal ever
/// hand over different text, stale tokens only point at row ids that the join with `items` drops.
enum SearchIndex {
    /// An item's text waiting to be indexed.
    struct Row {
        var itemID: Int64
        var title: String?
        var body: String
    }

    static func add(_ db: SQLiteConnection, _ rows: [Row]) throws(StoreError) {
        for row in rows { try add(db, itemID: row.itemID, title: row.title, body: row.body) }
    }

    static func add(_ db: SQLiteConnection, itemID: Int64, title: String?, body: String) throws(StoreError) {
        try db.run("INSERT INTO items_fts (rowid, title, body) VALUES (?, ?, ?)", [itemID, title ?? "", body])
    }

    /// Removes the tokens of the item as it is stored now; call before changing or deleting the row.
    static func remove(_ db: SQLiteConnection, itemID: Int64) throws(StoreError) {
        guard let stored = try db.queryFirst(
            "SELECT title, content_html, content_text, summary FROM items WHERE id = ?", [itemID], {
                (title: $0.optionalText(0), body: SearchText.body(html: $0.optionalText(1), text: $0.optionalText(2),
                                                                   summary: $0.optionalText(3)))
            }) else { return }
        try db.run("INSERT INTO items_fts (items_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                   [itemID, stored.title ?? "", stored.body])
    }
}
