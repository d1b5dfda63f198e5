import FeedModel
import FeedStore
import Foundation

/// Search on PostgreSQL: a tsvector per item in the `feedd_search` configuration (see
/// `PostgresMigrations`), and the user's query, parsed as the SQLite store parses it
/// (`SearchQuery`), written as tsquery text that goes to `to_tsquery` as a bound parameter.
enum PostgresSearch {
    /// The SQL of an item's search vector from a title and a body parameter.
    static func vectorSQL(title: String, body: String) -> String {
        "to_tsvector('feedd_search', coalesce(\(title)::text, '') || ' ' || \(body)::text)"
    }

    /// At most this many characters of an item's text are indexed: a tsvector holds at most 1 MB,
    /// and a longer article would make its whole ingest fail. What is past the limit is not
    /// searchable (the SQLite index has no such limit).
    static let indexedCharacters = 200_000

    static func indexedText(_ text: String) -> String {
        text.count > indexedCharacters ? String(text.prefix(indexedCharacters)) : text
    }

    /// The tsquery text for `query`, nil when nothing searchable is left: every word and phrase a
    /// quoted operand (so no input is tsquery syntax), `&` between terms, `|` for `OR`, `:*` for
    /// a prefix, and each term in every German spelling (`SearchQuery.spellings`) joined by `|`.
    static func tsquery(for query: String) -> String? {
        let terms = SearchQuery.dropDanglingOr(SearchQuery.lastWordAsPrefix(SearchQuery.tokens(query)))
        guard !terms.isEmpty else { return nil }
        var expression = ""
        for (index, term) in terms.enumerated() {
            switch term {
            case .or:
                expression += " | "
            case .text(let text, let prefix):
                if index > 0, terms[index - 1] != .or { expression += " & " }
                expression += "(" + SearchQuery.spellings(of: text).map { operand($0, prefix: prefix) }.joined(separator: " | ") + ")"
            }
        }
        return expression
    }

    /// One quoted operand; several words in it become a phrase (`to_tsquery` joins them with `<->`).
    private static func operand(_ text: String, prefix: Bool) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''")
        return "'" + escaped + "'" + (prefix ? ":*" : "")
    }
}

extension PostgresStore {
    /// Full-text search, best match first (`ts_rank`), ties newest first.
    public func search(_ query: String, limit: Int) throws(StoreError) -> [StoredItem] {
        guard let text = PostgresSearch.tsquery(for: query) else { return [] }
        return try withSession { (db: PostgresSession) throws(StoreError) -> [StoredItem] in
            try db.query("""
                SELECT \(PostgresRecords.itemColumns(alias: "i")) FROM items i, to_tsquery('feedd_search', $1) q
                WHERE i.search_vector @@ q ORDER BY ts_rank(i.search_vector, q) DESC, i.id DESC LIMIT $2
                """, [text, Self.sqlLimit(limit)]) { (row: PostgresRow) throws(StoreError) in
                try PostgresRecords.item(row, server: db.server)
            }
        }
    }

    /// Full-text search as `feedd search` lists it, each item with its feed and article.
    public func searchListed(_ query: String, limit: Int) throws(StoreError) -> [ListedItem] {
        guard let text = PostgresSearch.tsquery(for: query) else { return [] }
        return try withSession { (db: PostgresSession) throws(StoreError) -> [ListedItem] in
            try db.query("""
                SELECT \(PostgresRecords.itemColumns(alias: "i")), \(Self.listingColumns)
                FROM items i \(Self.listingJoins), to_tsquery('feedd_search', $1) q
                WHERE i.search_vector @@ q ORDER BY ts_rank(i.search_vector, q) DESC, i.id DESC LIMIT $2
                """, [text, Self.sqlLimit(limit)]) { (row: PostgresRow) throws(StoreError) in
                try Self.listedItem(row, server: db.server)
            }
        }
    }
}
