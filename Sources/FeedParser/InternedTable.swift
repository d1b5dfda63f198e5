/// A fixed map from libxml2's interned strings (dictionary pointers) to what they name, looked up on
/// every element: a multiplicative hash of the address and a short linear probe, where a `Dictionary`
/// hashed each pointer with SipHash (1% of a parse).
struct InternedTable<Value> {
    private let keys: [UnsafeRawPointer?]
    private let values: [Value?]
    private let mask: Int

    /// `entries` must not repeat a pointer.
    init(_ entries: [(UnsafeRawPointer, Value)]) {
        var size = 16
        while size < entries.count * 4 { size *= 2 }
        var keys = [UnsafeRawPointer?](repeating: nil, count: size)
        var values = [Value?](repeating: nil, count: size)
        mask = size - 1
        for (key, value) in entries {
            var slot = InternedTable.slot(key, mask: mask)
            while keys[slot] != nil { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
        self.keys = keys
        self.values = values
    }

    subscript(_ key: UnsafeRawPointer) -> Value? {
        var slot = InternedTable.slot(key, mask: mask)
        while let candidate = keys[slot] {
            if candidate == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    @inline(__always)
    private static func slot(_ key: UnsafeRawPointer, mask: Int) -> Int {
        let address = UInt(bitPattern: key)
        return Int(truncatingIfNeeded: (address &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }
}
