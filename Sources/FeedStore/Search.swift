import FeedModel
import Foundation

extension Store {
    /// Full-text search over titles and text, best match first.
    ///
    /// `SearchQuery` turns the query into a safe FTS5 expression (words, phrases, `OR`, prefixes,
    /// German spellings folded); diacritics are folded by the index (`koln` finds `Köln`).
    public func search(_ query: String, limit: Int) throws(StoreError) -> [StoredItem] {
        guard let expression = SearchQuery.matchExpression(for: query) else { return [] }
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
package enum SearchText {
    /// The searchable text of an entry: its plain text, else its HTML (or summary) without tags.
    /// Must stay stable: `SearchIndex` removes an item's tokens by computing it again.
    package static func body(of entry: Entry) -> String {
        body(html: entry.contentHTML, text: entry.contentText, summary: entry.summary)
    }

    /// The same from the stored columns.
    package static func body(html: String?, text: String?, summary: String?) -> String {
        if let text, !text.isEmpty { return text }
        return strippingTags(html ?? summary ?? "")
    }

    /// HTML reduced to its text: tags (and script and style bodies) become spaces, the common
    /// entities are decoded. It runs for every stored item, so it works on the string's UTF-8
    /// bytes in place: `memchr` finds the next `<` and `&`, and the text between is copied whole.
    static func strippingTags(_ html: String) -> String {
        var html = html
        return html.withUTF8 { bytes in
            var text: [UInt8] = []
            text.reserveCapacity(bytes.count)
            var index = 0
            var skippingUntil: [UInt8]?
            // The next `<` and `&` at or after `index` (bytes.count when there is none), found once each.
            var nextTag = position(of: UInt8(ascii: "<"), in: bytes, from: 0)
            var nextAmpersand = position(of: UInt8(ascii: "&"), in: bytes, from: 0)
            while index < bytes.count {
                if nextAmpersand < index { nextAmpersand = position(of: UInt8(ascii: "&"), in: bytes, from: index) }
                if nextTag < index { nextTag = position(of: UInt8(ascii: "<"), in: bytes, from: index) }
                let stop = skippingUntil == nil ? min(nextTag, nextAmpersand) : nextTag
                if skippingUntil == nil, index < stop {
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<stop]))
                }
                index = stop
                guard index < bytes.count else { break }
                if index == nextTag {
                    var end = index + 1
                    while end < bytes.count && bytes[end] != UInt8(ascii: ">") { end += 1 }
                    let tag = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
                    if let closing = skippingUntil {
                        if hasPrefix(tag, closing) { skippingUntil = nil }
                    } else if hasPrefix(tag, script) {
                        skippingUntil = closingScript
                    } else if hasPrefix(tag, style) {
                        skippingUntil = closingStyle
                    }
                    text.append(UInt8(ascii: " "))
                    index = end + 1
                } else if let (replacement, length) = entity(in: bytes, at: index) {
                    text.append(contentsOf: replacement)
                    index += length
                } else {
                    text.append(UInt8(ascii: "&"))
                    index += 1
                }
            }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// The index of the first `byte` at or after `start`, or `bytes.count`.
    private static func position(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(byte), bytes.count - start) else { return bytes.count }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    private static let script = Array("script".utf8), closingScript = Array("/script".utf8)
    private static let style = Array("style".utf8), closingStyle = Array("/style".utf8)
    private static let entities: [(name: [UInt8], text: [UInt8])] = [
        ("&nbsp;", " "), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// ASCII case-insensitive prefix test of a tag's bytes.
    private static func hasPrefix(_ tag: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard tag.count >= prefix.count else { return false }
        return zip(tag, prefix).allSatisfy { ($0 | 0x20) == $1 || $0 == $1 }
    }

    /// The entity starting at `index`, if it is one of the common ones.
    private static func entity(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> ([UInt8], Int)? {
        for entity in entities where bytes.count - index >= entity.name.count {
            if UnsafeBufferPointer(rebasing: bytes[index..<(index + entity.name.count)]).elementsEqual(entity.name) {
                return (entity.text, entity.name.count)
            }
        }
        return nil
    }
}
