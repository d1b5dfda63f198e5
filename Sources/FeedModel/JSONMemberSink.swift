/// Where an encoder puts the members of a JSON object, in order: `JSONObjectBuilder` keeps them as a
/// `JSONValue`; the text writer behind `JSONFeedEncoding.write` writes each out at once. One set of
/// rules (which members, in which order, which are left out) serves both.
public protocol JSONMemberSink {
    /// Adds a member even when its value is empty (JSON Feed's `items`).
    mutating func addRequired(_ key: String, _ value: JSONValue)
}

extension JSONMemberSink {
    public mutating func add(_ key: String, _ value: String?) {
        if let value { addRequired(key, .string(value)) }
    }
    public mutating func add(_ key: String, _ value: Int?) {
        if let value { addRequired(key, .integer(Int64(value))) }
    }
    public mutating func add(_ key: String, _ value: Int64?) {
        if let value { addRequired(key, .integer(value)) }
    }
    public mutating func add(_ key: String, _ value: Double?) {
        if let value { addRequired(key, .number(value)) }
    }
    public mutating func add(_ key: String, _ value: Bool?) {
        if let value { addRequired(key, .bool(value)) }
    }
    /// Adds a nested value; an empty array or object is left out like any other absent value.
    public mutating func add(_ key: String, _ value: JSONValue?) {
        guard let value else { return }
        switch value {
        case .array(let a) where a.isEmpty: return
        case .object(let o) where o.isEmpty: return
        default: addRequired(key, value)
        }
    }
}
