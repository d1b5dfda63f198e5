/// A JSON document whose objects keep the order their keys were added in.
///
/// Foundation's `JSONEncoder` either sorts keys or leaves them in hash order; `feedd parse`,
/// `feedd items --json` and hook payloads promise a stable, readable order instead.
public indirect enum JSONValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case integer(Int64)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serializedBytes() == rhs.serializedBytes() }
    public func hash(into hasher: inout Hasher) { hasher.combine(serializedBytes()) }

    /// The document as compact (`pretty == false`) or indented UTF-8 JSON text.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The document as UTF-8 bytes: what a hook payload or a file needs, without a `String` between.
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var writer = JSONTextWriter(pretty: pretty, sink: nil)
        writer.write(self)
        return writer.buffer
    }

    /// Writes the document to `sink` in pieces of about `chunkBytes`, so a 20 MB `feedd parse`
    /// never holds its whole output (nor a second copy of it) in memory.
    public func write(pretty: Bool = false, chunkBytes: Int = 1 << 16, to sink: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(sink) { sink in
            var writer = JSONTextWriter(pretty: pretty, chunkBytes: chunkBytes, sink: sink)
            writer.write(self)
            writer.flush()
        }
    }
}

/// Builds a JSON object member by member, leaving out absent values.
public struct JSONObjectBuilder: Sendable {
    public private(set) var members: [(String, JSONValue)] = []

    public init() {}

    public mutating func add(_ key: String, _ value: String?) {
        if let value { members.append((key, .string(value))) }
    }
    public mutating func add(_ key: String, _ value: Int?) {
        if let value { members.append((key, .integer(Int64(value)))) }
    }
    public mutating func add(_ key: String, _ value: Int64?) {
        if let value { members.append((key, .integer(value))) }
    }
    public mutating func add(_ key: String, _ value: Double?) {
        if let value { members.append((key, .number(value))) }
    }
    public mutating func add(_ key: String, _ value: Bool?) {
        if let value { members.append((key, .bool(value))) }
    }
    /// Adds a nested value; an empty array or object is left out like any other absent value.
    public mutating func add(_ key: String, _ value: JSONValue?) {
        guard let value else { return }
        switch value {
        case .array(let a) where a.isEmpty: return
        case .object(let o) where o.isEmpty: return
        default: members.append((key, value))
        }
    }

    /// Adds a value that the format requires even when empty (JSON Feed's `items`).
    public mutating func addRequired(_ key: String, _ value: JSONValue) {
        members.append((key, value))
    }

    public var value: JSONValue { .object(members) }
}
