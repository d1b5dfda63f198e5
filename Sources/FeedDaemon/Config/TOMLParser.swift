/// A TOML 1.0 parser that keeps the line and column of every key and value.
///
/// Written for feedd's config rather than taken from a package so that every error can name
/// the file, line and column (`config: feedd.toml:12:9: …`) and the daemon can refuse a bad
/// config precisely. Structure lives here; strings, numbers and collections in the extensions.
struct TOMLParser {
    let file: String
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var lineStart = 0
    /// Tables and arrays around the value being parsed (the root not counted), see `maxNesting`.
    var nesting = 0
    /// The depth of the table the current `[header]` opened: its key's part count.
    var headerDepth = 0

    /// How deeply tables and arrays may nest, counting every part of a dotted key or header.
    ///
    /// Arrays and inline tables are parsed by recursion and the tree is built and compared by
    /// recursion, so without a bound a file of `[[[[…` thirty thousand deep overflows the stack.
    /// feedd's own keys nest three deep; a hundred leaves room for any hand-written file.
    static let maxNesting = 100

    init(text: String, file: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
        self.file = file
    }

    /// Parses the whole text into its root table.
    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TOMLTableBuilder(origin: .header, position: position)
        var current = root
        while true {
            skipSpaces()
            guard let scalar = peek() else { break }
            switch scalar {
            case "#":
                try skipComment()
            case "\n", "\r":
                try consumeNewline()
            case "[":
                current = try parseHeader(root: root)
                try expectLineEnd(after: "the table header")
            default:
                nesting = headerDepth
                try parseKeyValue(into: current)
                try expectLineEnd(after: "the value")
            }
        }
        return root.build()
    }

    // MARK: - Cursor

    var position: TOMLPosition { TOMLPosition(line: line, column: index - lineStart + 1) }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let at = index + offset
        return at < scalars.count ? scalars[at] : nil
    }

    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < scalars.count {
            if scalars[index] == "\n" {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
    }

    func error(_ message: String, at position: TOMLPosition? = nil) -> TOMLError {
        TOMLError(file: file, position: position ?? self.position, message: message)
    }

    /// Counts `levels` more tables or arrays around what follows; throws beyond `maxNesting`.
    mutating func nest(_ levels: Int = 1, at start: TOMLPosition) throws(TOMLError) {
        nesting += levels
        guard nesting <= Self.maxNesting else {
            throw error("tables and arrays nest more than \(Self.maxNesting) levels deep here "
                + "(dotted key parts count as levels)", at: start)
        }
    }

    // MARK: - Whitespace, comments, line ends

    mutating func skipSpaces() {
        while let scalar = peek(), scalar == " " || scalar == "\t" { advance() }
    }

    /// Skips spaces, newlines and comments: the filler allowed between array elements.
    mutating func skipSpacesCommentsAndNewlines() throws(TOMLError) {
        while let scalar = peek() {
            switch scalar {
            case " ", "\t": advance()
            case "\n", "\r": try consumeNewline()
            case "#": try skipComment()
            default: return
            }
        }
    }

    mutating func skipComment() throws(TOMLError) {
        advance()  // "#"
        while let scalar = peek(), scalar != "\n" {
            if scalar == "\r", peek(1) == "\n" { return }
            if scalar.isTOMLControl {
                throw error("control character \(scalar.codeLabel) is not allowed in a comment")
            }
            advance()
        }
    }

    mutating func consumeNewline() throws(TOMLError) {
        if peek() == "\r" {
            guard peek(1) == "\n" else { throw error("a carriage return must be followed by a newline") }
            advance()
        }
        advance()
    }

    var atNewline: Bool { peek() == "\n" || (peek() == "\r" && peek(1) == "\n") }

    /// After a header or a key/value only a comment may follow on the same line.
    mutating func expectLineEnd(after what: String) throws(TOMLError) {
        skipSpaces()
        if peek() == "#" { try skipComment() }
        guard let scalar = peek() else { return }
        guard scalar == "\n" || scalar == "\r" else {
            throw error("expected the end of the line after \(what), found \(foundToken())")
        }
        try consumeNewline()
    }

    /// A short description of the text at the cursor, for error messages.
    func foundToken() -> String {
        guard let first = peek() else { return "the end of the file" }
        if first == "\n" || first == "\r" { return "the end of the line" }
        var text = ""
        var offset = 0
        while let scalar = peek(offset), offset < 24,
              !(scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == ",") {
            text.unicodeScalars.append(scalar)
            offset += 1
        }
        if text.isEmpty { text.unicodeScalars.append(first) }
        return "'\(text)'"
    }

    // MARK: - Keys

    /// One part of a (possibly dotted) key, with where it was written.
    struct KeyPart {
        var name: String
        var position: TOMLPosition
    }

    mutating func parseKey() throws(TOMLError) -> [KeyPart] {
        var parts = [try parseSimpleKey()]
        while true {
            let save = (index, line, lineStart)
            skipSpaces()
            guard peek() == "." else {
                (index, line, lineStart) = save
                return parts
            }
            advance()
            skipSpaces()
            guard parts.count < Self.maxNesting else {
                throw error("a key of more than \(Self.maxNesting) dotted parts", at: parts[0].position)
            }
            parts.append(try parseSimpleKey())
        }
    }

    mutating func parseSimpleKey() throws(TOMLError) -> KeyPart {
        let start = position
        switch peek() {
        case "\"":
            if peek(1) == "\"", peek(2) == "\"" { throw error("a multi-line string cannot be a key") }
            return KeyPart(name: try parseBasicString(), position: start)
        case "'":
            if peek(1) == "'", peek(2) == "'" { throw error("a multi-line string cannot be a key") }
            return KeyPart(name: try parseLiteralString(), position: start)
        default:
            var name = ""
            while let scalar = peek(), scalar.isBareKeyScalar {
                name.unicodeScalars.append(scalar)
                advance()
            }
            guard !name.isEmpty else { throw error("expected a key, found \(foundToken())") }
            return KeyPart(name: name, position: start)
        }
    }

    static func dotted(_ parts: [KeyPart]) -> String {
        parts.map { $0.name.isBareKey ? $0.name : "\"\($0.name)\"" }.joined(separator: ".")
    }

    // MARK: - Key/value pairs

    mutating func parseKeyValue(into table: TOMLTableBuilder) throws(TOMLError) {
        let key = try parseKey()
        skipSpaces()
        guard peek() == "=" else {
            throw error("expected '=' after key '\(Self.dotted(key))', found \(foundToken())")
        }
        advance()
        skipSpaces()
        let outside = nesting
        try nest(key.count - 1, at: key[0].position)
        let value = try parseValue()
        nesting = outside
        try insert(value, at: key, into: table)
    }

    /// Stores `value` under a dotted key, creating the intermediate tables as dotted-key tables.
    func insert(_ value: TOMLNode, at key: [KeyPart], into table: TOMLTableBuilder) throws(TOMLError) {
        var table = table
        for (offset, part) in key.dropLast().enumerated() {
            let path = Self.dotted(Array(key[...offset]))
            guard let slot = table[part.name] else {
                let created = TOMLTableBuilder(origin: .dotted, position: part.position)
                table[part.name] = .init(keyPosition: part.position, child: .table(created))
                table = created
                continue
            }
            guard case .table(let existing) = slot.child, existing.origin == .dotted else {
                throw error("key '\(path)' is already defined at line \(slot.firstLine); "
                    + "dotted keys cannot add to it", at: part.position)
            }
            table = existing
        }
        let last = key[key.count - 1]
        if let slot = table[last.name] {
            throw error("duplicate key '\(Self.dotted(key))' (first defined at line \(slot.firstLine))",
                        at: last.position)
        }
        table[last.name] = .init(keyPosition: last.position, child: .value(value))
    }

    // MARK: - Values

    mutating func parseValue() throws(TOMLError) -> TOMLNode {
        let start = position
        guard let scalar = peek() else { throw error("expected a value, found the end of the file") }
        switch scalar {
        case "\"":
            if peek(1) == "\"", peek(2) == "\"" {
                return TOMLNode(.string(try parseMultilineBasicString()), at: start)
            }
            return TOMLNode(.string(try parseBasicString()), at: start)
        case "'":
            if peek(1) == "'", peek(2) == "'" {
                return TOMLNode(.string(try parseMultilineLiteralString()), at: start)
            }
            return TOMLNode(.string(try parseLiteralString()), at: start)
        case "[":
            return TOMLNode(.array(try parseArray()), at: start)
        case "{":
            return TOMLNode(.table(try parseInlineTable()), at: start)
        case "t", "f":
            return TOMLNode(.boolean(try parseBoolean()), at: start)
        case "0"..."9", "+", "-", "i", "n":
            return TOMLNode(try parseNumberOrDatetime(), at: start)
        default:
            let found = foundToken()
            if scalar.isBareKeyScalar {
                throw error("expected a value, found \(found) (strings must be quoted: \"…\")")
            }
            throw error("expected a value, found \(found)")
        }
    }

    mutating func parseBoolean() throws(TOMLError) -> Bool {
        for (word, value) in [("true", true), ("false", false)] {
            let count = word.unicodeScalars.count
            let matches = word.unicodeScalars.enumerated().allSatisfy { peek($0.offset) == $0.element }
            if matches, !(peek(count)?.isBareKeyScalar ?? false) {
                advance(count)
                return value
            }
        }
        throw error("expected a value, found \(foundToken()) (booleans are true or false; strings must be quoted)")
    }
}

extension Unicode.Scalar {
    /// Characters allowed in a bare key: `A-Za-z0-9_-`.
    var isBareKeyScalar: Bool {
        switch self {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    /// Control characters TOML forbids in comments and strings (tab is allowed).
    var isTOMLControl: Bool {
        (value < 0x20 && self != "\t") || value == 0x7F
    }

    var codeLabel: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

extension String {
    /// Whether this string can be written as a bare TOML key.
    var isBareKey: Bool { !isEmpty && unicodeScalars.allSatisfy(\.isBareKeyScalar) }
}
