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

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }
    public func hash(into hasher: inout Hasher) { hasher.combine(serialized()) }

    /// The document as compact (`pretty == false`) or indented UTF-8 JSON text.
    public func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .number(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { out += String(Int64(d)) } else if d.isFinite { out += String(d) } else { out += "null" }
        case .integer(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            writeContainer(items.map { (nil, $0) }, open: "[", close: "]", into: &out, pretty: pretty, indent: indent)
        case .object(let members):
            writeContainer(members.map { (Optional($0.0), $0.1) }, open: "{", close: "}", into: &out, pretty: pretty, indent: indent)
        }
    }

    private func writeContainer(_ members: [(String?, JSONValue)], open: String, close: String,
                                into out: inout String, pretty: Bool, indent: Int) {
        out += open
        if members.isEmpty { out += close; return }
        let inner = String(repeating: "  ", count: indent + 1)
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { out += "," }
            if pretty { out += "\n" + inner }
            if let key {
                JSONValue.writeString(key, into: &out)
                out += pretty ? ": " : ":"
            }
            value.write(into: &out, pretty: pretty, indent: indent + 1)
        }
        if pretty { out += "\n" + String(repeating: "  ", count: indent) }
        out += close
    }

    /// A JSON string literal: every control character a terminal or a JavaScript parser would act on is escaped.
    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            // Beyond what JSON requires (C0), DEL, C1, U+2028/2029 and the bidi controls are escaped too:
            // the decoded text is the same, and `feedd items --json` on a terminal cannot steer it.
            case _ where TerminalEscaping.needsEscape(scalar):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
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
