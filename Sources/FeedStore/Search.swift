import FeedModel
import Foundation

extension Store {
    /// Full-text search over titles and text, best match first.
    ///
    /// Every word of `query` is searched as a quoted FTS5 string, all of them required, so
    /// user input such as `c++ & "foo` can never be an FTS5 syntax error. Diacritics are folded
    /// by the index (`koln` finds `Köln`).
    public func search(_ query: String, limit: Int) throws(StoreError) -> [StoredItem] {
        guard let expression = SearchText.matchExpression(for: query) else { return [] }
        return try withConnection { (db: SQLiteConnection) throws(StoreError) -> [StoredItem] in
            try db.query("""
                SELECT \(StoredItem.columns(alias: "i")) FROM items_fts
                JOIN items i ON i.id = items_fts.rowid
                WHERE items_fts MATCH ? ORDER BY items_fts.rank, i.id DESC LIMIT ?
                """, [expression, limit]) { (row: Row) throws(StoreError) in try StoredItem(row: row, path: db.path) }
        }
    }
}

/// The text that goes into the search index, and the safe form of a user's query.
enum SearchText {
    /// The searchable text of an entry: its plain text, else its HTML (or summary) without tags.
    static func body(of entry: Entry) -> String {
        if let text = entry.contentText, !text.isEmpty { return text }
        return strippingTags(entry.contentHTML ?? entry.summary ?? "")
    }

    /// HTML reduced to its text: tags (and script and style bodies) dropped, common entities decoded.
    static func strippingTags(_ html: String) -> String {
        var text = ""
        text.reserveCapacity(html.utf8.count)
        var index = html.startIndex
        var skippingUntil: String?
        while index < html.endIndex {
            let character = html[index]
            guard character == "<" else {
                if skippingUntil == nil { text.append(character) }
                index = html.index(after: index)
                continue
            }
            let tagEnd = html[index...].firstIndex(of: ">") ?? html.endIndex
            let tag = html[html.index(after: index)..<tagEnd].lowercased()
            if let closing = skippingUntil {
                if tag.hasPrefix(closing) { skippingUntil = nil }
            } else if tag.hasPrefix("script") || tag.hasPrefix("style") {
                skippingUntil = tag.hasPrefix("script") ? "/script" : "/style"
            }
            text.append(" ")
            index = tagEnd < html.endIndex ? html.index(after: tagEnd) : tagEnd
        }
        return decodingEntities(text)
    }

    private static let entities = ["&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&apos;": "'"]

    private static func decodingEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = text
        for (entity, replacement) in entities { result = result.replacingOccurrences(of: entity, with: replacement) }
        return result
    }

    /// An FTS5 expression that requires every word of `query`, each as a quoted string
    /// (double quotes inside doubled). Words without a letter or digit are dropped, since the
    /// tokenizer would drop them anyway. Nil when nothing searchable is left.
    static func matchExpression(for query: String) -> String? {
        let words = query.split(whereSeparator: { $0.isWhitespace })
            .filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
        guard !words.isEmpty else { return nil }
        return words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " ")
    }
}
