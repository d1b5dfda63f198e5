import Foundation

/// The SQLite store's side of `feedd store copy`: rows out in key order with their storage class
/// kept, rows in with their ids inside one transaction, the search index rebuilt at the end.
extension Store: StoreCopying {
    /// Rows of one copied table; `typeof()` beside each column keeps integers, reals and text apart.
    public func exportRows(_ table: CopiedTable, after key: [StoreValue]?, limit: Int) throws(StoreError) -> [[StoreValue]] {
        let table = try Self.known(table, path: path)
        let columns = table.columns.map { "typeof(\(Self.quoted($0))), \(Self.quoted($0))" }.joined(separator: ", ")
        let order = table.keyColumns.map(Self.quoted).joined(separator: ", ")
        var after = ""
        var values: [any SQLBindable] = []
        if let key, key.count == table.keyWidth {
            after = "WHERE (\(order)) > (\(Array(repeating: "?", count: key.count).joined(separator: ", ")))"
            values = key.map(Self.bindable)
        }
        let sql = "SELECT \(columns) FROM \(Self.quoted(table.name)) \(after) ORDER BY \(order) LIMIT ?"
        let width = Int32(table.columns.count)
        return try withConnection { (db: SQLiteConnection) throws(StoreError) -> [[StoreValue]] in
            try db.query(sql, values + [max(0, limit)]) { row in
                (0..<width).map { column in Self.value(row, typeColumn: column * 2) }
            }
        }
    }

    public func isEmptyForImport() throws(StoreError) -> Bool {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Bool in
            try db.queryFirst("SELECT NOT EXISTS (SELECT 1 FROM feeds) AND NOT EXISTS (SELECT 1 FROM items) "
                + "AND NOT EXISTS (SELECT 1 FROM outbox)") { $0.bool(0) } ?? false
        }
    }

    /// One write transaction for the whole import; foreign keys are checked at its commit, since
    /// feeds point at items (a comment feed's article) and items at feeds.
    public func beginImport() throws(StoreError) {
        try withConnection { (db: SQLiteConnection) throws(StoreError) in
            try db.run("BEGIN IMMEDIATE")
            do throws(StoreError) {
                try db.run("PRAGMA defer_foreign_keys = ON")
            } catch {
                try? db.run("ROLLBACK")
                throw error
            }
        }
    }

    public func importRows(_ table: CopiedTable, _ rows: [[StoreValue]]) throws(StoreError) {
        let table = try Self.known(table, path: path)
        let names = table.columns.map(Self.quoted).joined(separator: ", ")
        let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        let sql = "INSERT INTO \(Self.quoted(table.name)) (\(names)) VALUES (\(marks))"
        try withConnection { (db: SQLiteConnection) throws(StoreError) in
            for row in rows {
                guard row.count == table.columns.count else {
                    throw StoreError.unreadableRecord(path: path, what: "a copied \(table.name) row",
                                                      message: "\(row.count) values for \(table.columns.count) columns")
                }
                try db.run(sql, row.map(Self.bindable))
            }
        }
    }

    /// Indexes every imported item for search (the index is contentless: it is rebuilt from the
    /// stored columns exactly as `SearchIndex.remove` recomputes them), then commits. SQLite's
    /// rowids continue after the largest id by themselves.
    public func finishImport() throws(StoreError) {
        try withConnection { (db: SQLiteConnection) throws(StoreError) in
            do throws(StoreError) {
                // In batches by id, so a store of half a million items is never in memory at once.
                var last: Int64 = .min
                while true {
                    let items = try db.query("""
                        SELECT id, title, content_html, content_text, summary FROM items WHERE id > ? ORDER BY id LIMIT ?
                        """, [last, Self.indexBatch]) {
                        (id: $0.int64(0), title: $0.optionalText(1),
                         body: SearchText.body(html: $0.optionalText(2), text: $0.optionalText(3), summary: $0.optionalText(4)))
                    }
                    for item in items { try SearchIndex.add(db, itemID: item.id, title: item.title, body: item.body) }
                    guard let lastItem = items.last, items.count == Self.indexBatch else { break }
                    last = lastItem.id
                }
                try db.run("COMMIT")
            } catch {
                try? db.run("ROLLBACK")
                throw error
            }
        }
    }

    /// Items indexed per batch when an import finishes.
    static let indexBatch = 1_000

    public func abortImport() {
        try? withConnection { (db: SQLiteConnection) throws(StoreError) in try db.run("ROLLBACK") }
    }

    /// Only the tables `CopiedTable.all` lists reach SQL: their names and columns are ours, never input.
    private static func known(_ table: CopiedTable, path: String) throws(StoreError) -> CopiedTable {
        guard CopiedTable.all.contains(table) else {
            throw StoreError.unreadableRecord(path: path, what: "table \(table.name)", message: "not a table feedd copies")
        }
        return table
    }

    private static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func value(_ row: Row, typeColumn: Int32) -> StoreValue {
        let column = typeColumn + 1
        switch row.text(typeColumn) {
        case "integer": return .integer(row.int64(column))
        case "real": return .real(row.double(column))
        case "null": return .null
        default: return .text(row.text(column))
        }
    }

    private static func bindable(_ value: StoreValue) -> any SQLBindable {
        switch value {
        case .null: SQLValue.null
        case .integer(let number): SQLValue.integer(number)
        case .real(let number): SQLValue.real(number)
        case .text(let text): SQLValue.text(text)
        }
    }
}
