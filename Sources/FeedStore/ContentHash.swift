/// The two forms of `items.content_hash`: what feedd writes now, and what it wrote before.
///
/// Both only detect a change between two versions of one item of one feed; neither is
/// cryptographic. A stored hash keeps its form until its item changes, so the form of the
/// stored one decides how an entry is hashed to compare with it (`ItemIdentity.hasContent`):
/// no stored item ever looks changed because the function changed. Both are FROZEN in that
/// sense: a third form needs its own prefix and a case here, never an edit of these.
enum ContentHash {
    /// Prefix of the current form: `w1:` and 16 hex digits of `WordHasher`.
    static let currentPrefix = "w1:"

    /// Whether `stored` is in the current form (else it is 16 hex digits of `FNV1aHasher`).
    static func isCurrent(_ stored: String) -> Bool { stored.utf8.starts(with: currentPrefix.utf8) }
}

/// Adds an item's fields, one after the other, to a hash.
protocol ContentHashing {
    init()
    mutating func add(_ field: String)
    /// The stored text of the hash.
    var text: String { get }
}

/// The current content hash: 64 bits over the UTF-8 of each field, eight bytes at a time.
///
/// Why not FNV-1a any more: FNV-1a mixes one byte per multiply, a chain of ~4 cycles per byte
/// that made it the largest single function of an ingest (4.6% of the ingest benchmark's
/// samples). Here a multiply mixes a whole little-endian 8-byte word (the last one zero-padded)
/// and the field's byte count closes each field, so fields cannot run into each other. Each
/// step is invertible for a fixed input, so changing any one word always changes the result.
struct WordHasher: ContentHashing {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    init() {}

    mutating func add(_ field: String) {
        var field = field
        field.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var offset = 0
            while offset + 8 <= raw.count {
                mix(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset += 8
            }
            if offset < raw.count {
                var last: UInt64 = 0
                for index in offset..<raw.count { last |= UInt64(raw[index]) << (8 * UInt64(index - offset)) }
                mix(last)
            }
            mix(UInt64(raw.count) ^ 0xFF00_0000_0000_0000)
        }
    }

    private mutating func mix(_ word: UInt64) {
        state = (state ^ word) &* 0x9FB2_1C65_1E98_DF25
        state ^= state >> 32
    }

    var text: String {
        // MurmurHash3's 64-bit finaliser, so every input bit reaches every digit.
        var value = state
        value ^= value >> 33
        value = value &* 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        value = value &* 0xC4CE_B9FE_1A85_EC53
        value ^= value >> 33
        return ContentHash.currentPrefix + hexDigits(value)
    }
}

/// The content hash feedd wrote before `WordHasher`: 64-bit FNV-1a over UTF-8 bytes, each field
/// closed by a 0x1F byte, as 16 hex digits. Kept to compare entries with items stored then.
struct FNV1aHasher: ContentHashing {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    init() {}

    mutating func add(_ field: String) {
        var field = field
        field.withUTF8 { bytes in
            for byte in bytes { mix(byte) }
        }
        mix(0x1F)
    }

    private mutating func mix(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    var text: String { hexDigits(state) }
}

/// `value` as 16 lowercase hex digits, written as bytes (`String(_:radix:)` and padding cost
/// as much as hashing a short article).
private func hexDigits(_ value: UInt64) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { digits in
        for index in 0..<16 {
            let nibble = UInt8(truncatingIfNeeded: value >> (60 - 4 * UInt64(index))) & 0x0F
            digits[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
        }
        return String(decoding: digits, as: UTF8.self)
    }
}
