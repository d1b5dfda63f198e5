import FeedStore
import Foundation

/// `feedd store copy` on PostgreSQL: rows out in key order, rows in within one transaction whose
/// foreign keys are checked at its commit (feeds and items point at each other).
extension PostgresStore {
    /// Up to `limit` rows of `table` after `key`, in key order, typed as the SQLite store types them.
    public func exportRows(_ table: CopiedTable, after key: [StoreValue]?, limit: Int) throws(StoreError) -> [[StoreValue]] {
        let types = try columnTypes(table)
        let order = table.keyColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let columns = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        var after = ""
        var values: [any PostgresBindable] = [max(limit, 0)]
        if let key, key.count == table.keyWidth {
            let marks = key.indices.map { "$\($0 + 2)::\(types[$0])" }.joined(separator: ", ")
            after = "WHERE (\(order)) > (\(marks))"
            values += key.map(Self.bindable)
        }
        return try withSession { (db: PostgresSession) throws(StoreError) -> [[StoreValue]] in
            try db.query("SELECT \(columns) FROM \(table.name) \(after) ORDER BY \(order) LIMIT $1", values) { row in
                types.indices.map { Self.storeValue(row.optionalText($0), type: types[$0]) }
            }
        }
    }

    /// Whether the store holds no feed yet: a copy only goes into an empty store.
    public func isEmptyForImport() throws(StoreError) -> Bool {
        try withSession { (db: PostgresSession) throws(StoreError) -> Bool in
            try db.queryFirst("SELECT NOT EXISTS (SELECT 1 FROM feeds)") { $0.text(0) == "t" } ?? true
        }
    }

    /// Opens the import's transaction; the store is meant for the copy alone until it ends.
    public func beginImport() throws(StoreError) {
        try withSession { (db: PostgresSession) throws(StoreError) in
            try db.run("BEGIN")
            try db.run("SET CONSTRAINTS ALL DEFERRED")
        }
        setImporting(true)
    }

    /// Adds rows in multi-row INSERTs of bound values.
    public func importRows(_ table: CopiedTable, _ rows: [[StoreValue]]) throws(StoreError) {
        guard !rows.isEmpty else { return }
        let types = try columnTypes(table)
        let columns = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let batch = max(1, 30_000 / max(table.columns.count, 1))
        try withSession { (db: PostgresSession) throws(StoreError) in
            var start = 0
            while start < rows.count {
                let chunk = rows[start..<min(start + batch, rows.count)]
                var values: [any PostgresBindable] = []
                var tuples: [String] = []
                for row in chunk {
                    guard row.count == table.columns.count else {
                        throw StoreError.unreadableRecord(path: server, what: "a row of \(table.name)",
                                                          message: "\(row.count) values for \(table.columns.count) columns")
                    }
                    let placeholders = row.indices.map { index in "$\(values.count + index + 1)::\(types[index])" }
                    tuples.append("(" + placeholders.joined(separator: ", ") + ")")
                    values += row.map(Self.bindable)
                }
                let overriding = table.columns.first == "id" ? " OVERRIDING SYSTEM VALUE" : ""
                try db.run("INSERT INTO \(table.name) (\(columns))\(overriding) VALUES " + tuples.joined(separator: ", "), values)
                start += batch
            }
        }
    }

    /// Rebuilds the search vectors of the imported items, moves the identity sequences past the
    /// copied ids (new rows get ids above them), and commits; the deferred foreign keys are checked here.
    public func finishImport() throws(StoreError) {
        defer { setImporting(false) }
        do {
            try withSession { (db: PostgresSession) throws(StoreError) in
                try Self.rebuildSearchVectors(db)
                for table in ["feeds", "items", "outbox"] {
                    try db.run("""
                        SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce((SELECT max(id) FROM \(table)), 0) + 1, false)
                        """)
                }
                try db.run("COMMIT")
            }
        } catch {
            abortImportLocked()
            throw error
        }
    }

    /// Rolls the import back.
    public func abortImport() {
        abortImportLocked()
        setImporting(false)
    }

    private func abortImportLocked() {
        _ = try? withSession { (db: PostgresSession) throws(StoreError) in try db.run("ROLLBACK") }
    }

    /// Computes each item's search text in Swift, as an ingest does, in batches by id.
    private static func rebuildSearchVectors(_ db: PostgresSession) throws(StoreError) {
        var after: Int64 = 0
        while true {
            let rows = try db.query("""
                SELECT id, title, content_html, content_text, summary FROM items WHERE id > $1 ORDER BY id LIMIT 500
                """, [after]) {
                (id: $0.int64(0), title: $0.optionalText(1),
                 body: PostgresSearch.indexedText(SearchText.body(html: $0.optionalText(2), text: $0.optionalText(3),
                                                                  summary: $0.optionalText(4))))
            }
            guard let last = rows.last else { return }
            for row in rows {
                try db.run("UPDATE items SET search_vector = \(PostgresSearch.vectorSQL(title: "$1", body: "$2")) WHERE id = $3",
                           [row.title, row.body, row.id])
            }
            after = last.id
        }
    }

    /// The PostgreSQL type of each column of `table`, read from the catalog, for casting
    /// parameters on import and reading values on export.
    private func columnTypes(_ table: CopiedTable) throws(StoreError) -> [String] {
        let known = try withSession { (db: PostgresSession) throws(StoreError) -> [String: String] in
            Dictionary(try db.query("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = $1
                """, [table.name]) { ($0.text(0), $0.text(1)) }, uniquingKeysWith: { first, _ in first })
        }
        var types: [String] = []
        for column in table.columns {
            guard let type = known[column] else {
                throw StoreError.unreadableRecord(path: server, what: "table \(table.name)", message: "no column \(column)")
            }
            types.append(type)
        }
        return types
    }

    private static func storeValue(_ text: String?, type: String) -> StoreValue {
        guard let text else { return .null }
        switch type {
        case "bigint", "integer", "smallint": return Int64(text).map(StoreValue.integer) ?? .text(text)
        case "double precision", "real":
            return PostgresRow(values: [text]).optionalDouble(0).map(StoreValue.real) ?? .text(text)
        default: return .text(text)
        }
    }

    private static func bindable(_ value: StoreValue) -> any PostgresBindable {
        switch value {
        case .null: Optional<String>.none
        case .integer(let number): number
        case .real(let number): number
        case .text(let text): text
        }
    }
}
