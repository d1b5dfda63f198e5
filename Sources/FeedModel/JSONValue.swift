/// A JSON document whose objects keep the order their keys were added in.
///
/// Foundation's `JSONEncoder` either sorts keys or leaves them in hash order; `feedd parse`,
/// `feedd items --json` and hook payloads promise a stable, readable order instead.
///
/// Not `indirect`: arrays already hold their elements out of line, and boxing every value cost a
/// heap allocation per string of every item.
public enum JSONValue: Sendable, Hashable {
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

/// Builds a JSON object member by member, leaving out absent values (see `JSONMemberSink`).
public struct JSONObjectBuilder: Sendable, JSONMemberSink {
    public private(set) var members: [(String, JSONValue)] = []

    public init() {}

    public mutating func addRequired(_ key: String, _ value: JSONValue) {
        members.append((key, value))
    }

    public var value: JSONValue { .object(members) }
}
