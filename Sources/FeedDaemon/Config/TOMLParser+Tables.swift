/// Table headers, arrays and inline tables, with TOML's rules against redefinition.
extension TOMLParser {
    /// Parses `[a.b]` or `[[a.b]]` and returns the table that following key/values fill.
    mutating func parseHeader(root: TOMLTableBuilder) throws(TOMLError) -> TOMLTableBuilder {
        let start = position
        advance()  // "["
        let isArray = peek() == "["
        if isArray { advance() }
        skipSpaces()
        let key = try parseKey()
        skipSpaces()
        let closing = isArray ? "]]" : "]"
        if isArray, peek() == "]", peek(1) != "]" { advance() }
        guard peek() == "]", !isArray || peek(1) == "]" else {
            throw error("expected '\(closing)' to close the table header, found \(foundToken())")
        }
        advance(isArray ? 2 : 1)
        nesting = 0
        try nest(key.count, at: start)
        headerDepth = key.count
        let parent = try parentTable(of: key, from: root)
        return isArray
            ? try appendArrayTable(key, in: parent, at: start)
            : try defineTable(key, in: parent, at: start)
    }

    /// Walks a header's key up to its last part, creating implicit tables on the way.
    func parentTable(of key: [KeyPart], from root: TOMLTableBuilder) throws(TOMLError) -> TOMLTableBuilder {
        var table = root
        for (offset, part) in key.dropLast().enumerated() {
            guard let slot = table[part.name] else {
                let created = TOMLTableBuilder(origin: .implicit, position: part.position)
                table[part.name] = .init(keyPosition: part.position, child: .table(created))
                table = created
                continue
            }
            switch slot.child {
            case .table(let existing):
                table = existing
            case .tables(let elements):
                table = elements[elements.count - 1]
            case .value(let node):
                let path = Self.dotted(Array(key[...offset]))
                throw error("key '\(path)' is already defined as \(Self.kind(of: node)) at line \(slot.firstLine); "
                    + "it cannot be extended by a table header", at: part.position)
            }
        }
        return table
    }

    func defineTable(_ key: [KeyPart], in parent: TOMLTableBuilder, at start: TOMLPosition)
        throws(TOMLError) -> TOMLTableBuilder {
        let name = key[key.count - 1].name
        let path = Self.dotted(key)
        guard let slot = parent[name] else {
            let created = TOMLTableBuilder(origin: .header, position: start)
            parent[name] = .init(keyPosition: start, child: .table(created))
            return created
        }
        switch slot.child {
        case .table(let existing) where existing.origin == .implicit:
            existing.origin = .header
            existing.position = start
            parent[name] = .init(keyPosition: start, child: .table(existing))
            return existing
        case .table(let existing) where existing.origin == .dotted:
            throw error("table [\(path)] is already defined by dotted keys at line \(existing.position.line)",
                        at: start)
        case .table(let existing):
            throw error("table [\(path)] is defined twice (first at line \(existing.position.line))", at: start)
        case .tables:
            throw error("[\(path)] is already an array of tables (first [[\(path)]] at line \(slot.firstLine))",
                        at: start)
        case .value(let node):
            throw error("key '\(path)' is already defined as \(Self.kind(of: node)) at line \(slot.firstLine)",
                        at: start)
        }
    }

    static func kind(of node: TOMLNode) -> String {
        if case .table = node.value { "an inline table" } else { "a value" }
    }

    func appendArrayTable(_ key: [KeyPart], in parent: TOMLTableBuilder, at start: TOMLPosition)
        throws(TOMLError) -> TOMLTableBuilder {
        let name = key[key.count - 1].name
        let path = Self.dotted(key)
        let element = TOMLTableBuilder(origin: .arrayElement, position: start)
        guard let slot = parent[name] else {
            parent[name] = .init(keyPosition: start, child: .tables([element]))
            return element
        }
        switch slot.child {
        case .tables(let elements):
            parent[name] = .init(keyPosition: slot.keyPosition, child: .tables(elements + [element]))
            return element
        case .table(let existing):
            throw error("[[\(path)]] conflicts with the table [\(path)] defined at line \(existing.position.line)",
                        at: start)
        case .value(let node):
            throw error("key '\(path)' is already defined as \(Self.kind(of: node)) at line \(slot.firstLine); "
                + "[[\(path)]] cannot append to it", at: start)
        }
    }

    /// `[ value, value, ]`: may span lines, hold comments and end with a comma.
    mutating func parseArray() throws(TOMLError) -> [TOMLNode] {
        let start = position
        try nest(at: start)
        defer { nesting -= 1 }
        advance()  // "["
        var elements: [TOMLNode] = []
        while true {
            try skipSpacesCommentsAndNewlines()
            if peek() == nil { throw error("unterminated array (opened at line \(start.line))", at: start) }
            if peek() == "]" { advance(); return elements }
            elements.append(try parseValue())
            try skipSpacesCommentsAndNewlines()
            switch peek() {
            case ",": advance()
            case "]": advance(); return elements
            case nil: throw error("unterminated array (opened at line \(start.line))", at: start)
            default: throw error("expected ',' or ']' in the array opened at line \(start.line), found \(foundToken())")
            }
        }
    }

    /// `{ key = value, … }`: on one line and without a trailing comma (TOML 1.0).
    mutating func parseInlineTable() throws(TOMLError) -> TOMLTable {
        let start = position
        try nest(at: start)
        defer { nesting -= 1 }
        advance()  // "{"
        let table = TOMLTableBuilder(origin: .dotted, position: start)
        skipSpaces()
        if peek() == "}" {
            advance()
            return table.build()
        }
        while true {
            skipSpaces()
            try checkInlineTableContinues(start: start)
            if peek() == "}" { throw error("a trailing comma is not allowed in an inline table") }
            try parseKeyValue(into: table)
            skipSpaces()
            try checkInlineTableContinues(start: start)
            switch peek() {
            case ",": advance()
            case "}": advance(); return table.build()
            default: throw error("expected ',' or '}' in the inline table opened at line \(start.line), found \(foundToken())")
            }
        }
    }

    private func checkInlineTableContinues(start: TOMLPosition) throws(TOMLError) {
        if peek() == nil { throw error("unterminated inline table (opened at line \(start.line))", at: start) }
        if atNewline || peek() == "#" {
            throw error("an inline table must be on one line (opened at line \(start.line)); "
                + "use a [table] for longer ones")
        }
    }
}
