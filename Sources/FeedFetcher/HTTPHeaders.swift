/// An ordered list of HTTP header fields with case-insensitive lookup; duplicates are kept
/// because some fields (`Set-Cookie`, `Link`) legitimately repeat.
public struct HTTPHeaders: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// One header field as it was sent or received.
    public struct Field: Sendable, Equatable {
        /// The field name, in the case it was written.
        public var name: String
        /// The field value, without surrounding whitespace.
        public var value: String

        /// A field with the given name and value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The fields in the order they appeared.
    public private(set) var fields: [Field]

    /// Headers from a list of fields.
    public init(_ fields: [Field] = []) { self.fields = fields }

    /// Headers from name-value pairs, in order.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// Appends a field, keeping any earlier one of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Removes every field of that name (any case).
    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.lowercased() == name.lowercased() }
    }

    /// The first value of the field with that name (any case), or nil.
    public subscript(_ name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    /// Every value of the field with that name (any case), in order.
    public func values(for name: String) -> [String] {
        let wanted = name.lowercased()
        return fields.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// True when a field of that name is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }
}
