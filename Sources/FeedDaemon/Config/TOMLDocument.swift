/// Where a key or value starts in a TOML file: 1-based line and column (in Unicode scalars).
///
/// Every node keeps its position so that a config error can name the exact line.
public struct TOMLPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    /// A position from 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Source order: by line, then by column.
    public static func < (lhs: TOMLPosition, rhs: TOMLPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A TOML value. Datetimes are kept as their source text: feedd's config has no datetime keys,
/// so they only need to be recognised and reported as the wrong type.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case datetime(String)
    case array([TOMLNode])
    case table(TOMLTable)

    /// The TOML name of the value's type, for "expected X, found Y" messages.
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .datetime: "a datetime"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A value together with the position where it starts.
public struct TOMLNode: Sendable, Equatable {
    public var value: TOMLValue
    public var position: TOMLPosition

    /// A value that starts at `position`.
    public init(_ value: TOMLValue, at position: TOMLPosition) {
        self.value = value
        self.position = position
    }
}

/// One `key = value` of a table (or a sub-table / array of tables under its key).
public struct TOMLEntry: Sendable, Equatable {
    public var key: String
    /// Where the key was written; for a `[table]` or `[[table]]` it is the header.
    public var keyPosition: TOMLPosition
    public var node: TOMLNode

    /// An entry whose key was written at `keyPosition`.
    public init(key: String, keyPosition: TOMLPosition, node: TOMLNode) {
        self.key = key
        self.keyPosition = keyPosition
        self.node = node
    }
}

/// A table with its entries in source order, and where it was opened.
public struct TOMLTable: Sendable, Equatable {
    public var entries: [TOMLEntry]
    /// The header line of a `[table]`, the `{` of an inline table, or 1:1 for the root.
    public var position: TOMLPosition

    /// A table of `entries` opened at `position`.
    public init(entries: [TOMLEntry] = [], position: TOMLPosition = TOMLPosition(line: 1, column: 1)) {
        self.entries = entries
        self.position = position
    }

    /// The entry under `key`, if present.
    public subscript(key: String) -> TOMLEntry? {
        entries.first { $0.key == key }
    }

    /// The keys in source order.
    public var keys: [String] { entries.map(\.key) }
}

/// A parsed TOML file: its root table and the file name errors should name.
public struct TOMLDocument: Sendable, Equatable {
    public var root: TOMLTable
    public var file: String

    /// Parses `text`; `file` only labels error messages.
    public init(text: String, file: String) throws(TOMLError) {
        var parser = TOMLParser(text: text, file: file)
        root = try parser.parseDocument()
        self.file = file
    }
}

/// A TOML syntax or structure error: `config: <file>:<line>:<col>: <message>`.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var position: TOMLPosition
    public var message: String

    /// An error at `position` of `file`.
    public init(file: String, position: TOMLPosition, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String { "config: \(file):\(position.line):\(position.column): \(message)" }
}
