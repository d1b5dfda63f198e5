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
    ///
    /// One pass over the UTF-8 bytes: this runs for every stored item, and a version on `Character`s
    /// with a `replacingOccurrences` per entity cost more CPU than parsing the feed (feedd-bench pollcycle).
    static func strippingTags(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count)
        var index = 0
        var skippingUntil: [UInt8]?
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                var tagEnd = index + 1
                while tagEnd < bytes.count, bytes[tagEnd] != UInt8(ascii: ">") { tagEnd += 1 }
                let tag = bytes[(index + 1)..<tagEnd]
                if let closing = skippingUntil {
                    if hasPrefix(tag, closing) { skippingUntil = nil }
                } else if hasPrefix(tag, scriptTag) {
                    skippingUntil = scriptEnd
                } else if hasPrefix(tag, styleTag) {
                    skippingUntil = styleEnd
                }
                text.append(UInt8(ascii: " "))
                index = min(tagEnd + 1, bytes.count)
                continue
            }
            if skippingUntil == nil {
                if byte == UInt8(ascii: "&"), let (replacement, length) = entity(in: bytes, at: index) {
                    text.append(replacement)
                    index += length
                    continue
                }
                text.append(byte)
            }
            index += 1
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let scriptTag = Array("script".utf8), scriptEnd = Array("/script".utf8)
    private static let styleTag = Array("style".utf8), styleEnd = Array("/style".utf8)
    private static let entities: [(name: [UInt8], replacement: UInt8)] = [
        ("&nbsp;", " "), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"),
    ].map { (Array($0.0.utf8), UInt8(ascii: $0.1)) }

    /// Whether `tag` starts with the lowercase ASCII `prefix`, ignoring ASCII case.
    private static func hasPrefix(_ tag: ArraySlice<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard tag.count >= prefix.count else { return false }
        for (offset, expected) in prefix.enumerated() {
            let byte = tag[tag.startIndex + offset]
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            if lower != expected { return false }
        }
        return true
    }

    /// The entity starting at `index`, as its replacement byte and its length.
    private static func entity(in bytes: [UInt8], at index: Int) -> (UInt8, Int)? {
        for (name, replacement) in entities where index + name.count <= bytes.count {
            if name.indices.allSatisfy({ bytes[index + $0] == name[$0] }) { return (replacement, name.count) }
        }
        return nil
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
