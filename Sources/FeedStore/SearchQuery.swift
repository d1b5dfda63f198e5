import Foundation

/// A user's search as an FTS5 expression: words (all required), `"phrases"`, `OR` between two
/// terms, `word*` for a prefix (and the last bare word is always a prefix, so `quanten` finds
/// "Quantencomputer" while it is being typed), with German spellings folded both ways.
///
/// Every word and phrase goes to FTS5 quoted, so input such as `c++ & "foo` can never be an FTS5
/// syntax error. The index folds diacritics (`koln` finds "Köln"); German also writes ä, ö, ü, ß
/// as ae, oe, ue, ss, which no tokenizer knows, so each term is searched in every spelling:
/// `muenchen` also as `munchen` (how the index holds "München"), `strasse` also as `straße`.
package enum SearchQuery {
    /// One term of the query.
    package enum Term: Equatable {
        case text(String, prefix: Bool)
        case or
    }

    /// The FTS5 expression for `query`; nil when nothing searchable is left.
    static func matchExpression(for query: String) -> String? {
        var terms = lastWordAsPrefix(tokens(query))
        terms = dropDanglingOr(terms)
        guard !terms.isEmpty else { return nil }
        // FTS5 allows no implicit AND before a parenthesis, so every AND is written out.
        var expression = ""
        for (index, term) in terms.enumerated() {
            switch term {
            case .or:
                expression += " OR "
            case .text(let text, let prefix):
                if index > 0, terms[index - 1] != .or { expression += " AND " }
                expression += "(" + spellings(of: text).map { quoted($0) + (prefix ? "*" : "") }.joined(separator: " OR ") + ")"
            }
        }
        return expression
    }

    /// The query split into phrases (in double quotes), words and `OR`s; words without a letter or
    /// digit are dropped, as the tokenizer would drop them.
    package static func tokens(_ query: String) -> [Term] {
        var terms: [Term] = []
        var rest = Substring(query)
        while let start = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[start...]
            if rest.first == "\"" {
                let body = rest.dropFirst()
                let end = body.firstIndex(of: "\"") ?? body.endIndex
                let phrase = body[..<end].split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if phrase.contains(where: { $0.isLetter || $0.isNumber }) { terms.append(.text(phrase.lowercased(), prefix: false)) }
                rest = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
                continue
            }
            let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
            let word = rest[..<end]
            rest = rest[end...]
            if word == "OR" { terms.append(.or); continue }
            let prefix = word.hasSuffix("*")
            let text = word.trimmingCharacters(in: CharacterSet(charactersIn: "*"))
            guard text.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            terms.append(.text(text.lowercased(), prefix: prefix))
        }
        return terms
    }

    /// The last term, when it is a bare word (not a phrase), becomes a prefix.
    package static func lastWordAsPrefix(_ terms: [Term]) -> [Term] {
        guard case .text(let text, false)? = terms.last, !text.contains(" ") else { return terms }
        return terms.dropLast() + [.text(text, prefix: true)]
    }

    /// `OR` only between two terms: leading, trailing and repeated ones are dropped.
    package static func dropDanglingOr(_ terms: [Term]) -> [Term] {
        var result: [Term] = []
        for term in terms {
            if term == .or, result.isEmpty || result.last == .or { continue }
            result.append(term)
        }
        while result.last == .or { result.removeLast() }
        return result
    }

    /// `text` in each German spelling: as written, with ae/oe/ue read as umlauts (which the index
    /// holds without their dots), with umlauts written out, and with ß and ss swapped.
    package static func spellings(of text: String) -> [String] {
        let umlautsRead = text.replacingOccurrences(of: "ae", with: "a").replacingOccurrences(of: "oe", with: "o")
            .replacingOccurrences(of: "ue", with: "u")
        let umlautsWritten = text.replacingOccurrences(of: "ä", with: "ae").replacingOccurrences(of: "ö", with: "oe")
            .replacingOccurrences(of: "ü", with: "ue")
        var result: [String] = []
        for spelling in [text, umlautsRead, umlautsWritten] {
            for variant in [spelling, spelling.replacingOccurrences(of: "ss", with: "ß"),
                            spelling.replacingOccurrences(of: "ß", with: "ss")] where !result.contains(variant) {
                result.append(variant)
            }
        }
        return result
    }

    /// A quoted FTS5 string, double quotes inside doubled.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension Store {
    /// Full-text search, best match first, each item with its feed and (for a comment) its article.
    public func searchListed(_ query: String, limit: Int) throws(StoreError) -> [ListedItem] {
        guard let expression = SearchQuery.matchExpression(for: query) else { return [] }
        return try withConnection { (db: SQLiteConnection) throws(StoreError) -> [ListedItem] in
            try db.query("""
                SELECT \(StoredItem.columns(alias: "i")), \(Self.listingColumns) FROM items_fts
                JOIN items i ON i.id = items_fts.rowid \(Self.listingJoins)
                WHERE items_fts MATCH ? ORDER BY items_fts.rank, i.id DESC LIMIT ?
                """, [expression, limit]) { (row: Row) throws(StoreError) in try Self.listedItem(row, path: db.path) }
        }
    }
}
