/// The repair pass's fast path: skipping runs of bytes that need no repair.
///
/// Nearly all of a feed is printable ASCII, newlines and well-formed UTF-8 that the repair pass
/// leaves alone; looking at it byte by byte, and leaving the scan for every accented letter, cost as
/// much as a quarter of libxml2's whole parse. These scans test eight bytes at a time with the usual
/// bit tricks, jump straight to the first byte of a word that needs a look, and step over tabs,
/// newlines and valid two- and three-byte UTF-8 sequences themselves, so the caller sees only bytes it
/// has to act on.
enum PlainByteScan {
    /// The index of the first byte in `start..<end` the repair pass must look at in text outside
    /// markup: `&`, `<`, a control character other than tab, LF and CR, or a byte that does not start
    /// a valid one- to three-byte UTF-8 sequence other than U+FFFE and U+FFFF (four-byte sequences
    /// included, which the caller checks); `end` when there is none.
    static func skipText(_ input: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        skip(input, from: start, to: end, stopAtMarkup: true)
    }

    /// The same for CDATA, comments and the like, where `&` and `<` are plain characters.
    static func skipLiteral(_ input: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        skip(input, from: start, to: end, stopAtMarkup: false)
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    @inline(__always)
    private static func skip(_ input: UnsafeRawBufferPointer, from start: Int, to end: Int, stopAtMarkup: Bool) -> Int {
        guard let base = input.baseAddress else { return end }
        var index = start
        while index < end {
            let byte: UInt8
            if index + 8 <= end {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))  // byte 0 lowest
                var flags = notPrintableASCII(word)
                if stopAtMarkup { flags |= equalBytes(word, UInt8(ascii: "&")) | equalBytes(word, UInt8(ascii: "<")) }
                if flags == 0 { index += 8; continue }
                index += flags.trailingZeroBitCount >> 3
                byte = base.load(fromByteOffset: index, as: UInt8.self)
            } else {
                byte = base.load(fromByteOffset: index, as: UInt8.self)
                if byte >= 0x20 && byte < 0x80 {
                    if stopAtMarkup && (byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<")) { return index }
                    index += 1
                    continue
                }
            }
            // `byte` at `index` is not printable ASCII, or is `&` or `<` in text.
            if byte == 0x0A || byte == 0x09 || byte == 0x0D {
                index += 1
            } else if byte >= 0xC2 && byte <= 0xDF {
                guard index + 1 < end, isContinuation(base, index + 1) else { return index }
                index += 2
            } else if byte >= 0xE0 && byte <= 0xEF {
                guard index + 2 < end, isValidThreeByte(base, index, lead: byte) else { return index }
                index = byte == 0xEF ? skipReplacementCharacters(base, from: index, to: end) : index + 3
            } else {
                return index
            }
        }
        return end
    }

    /// U+FFFD U+FFFD U+FFFD U+FFFD in UTF-8, as a little-endian word and the word after it.
    private static let fourReplacementsHead: UInt64 = 0xBFEF_BDBF_EFBD_BFEF
    private static let fourReplacementsTail: UInt32 = 0xBDBF_EFBD

    /// Past the run of U+FFFD at `index` (which holds a valid three-byte sequence), twelve bytes at a
    /// time: a body in a legacy charset that was all invalid bytes is one U+FFFD per byte after
    /// conversion, 48 MiB of them for 16 MiB of input, which the byte-wise path took a tenth of the
    /// whole parse to step over.
    @inline(__always)
    private static func skipReplacementCharacters(_ base: UnsafeRawPointer, from start: Int, to end: Int) -> Int {
        var index = start
        while index + 12 <= end,
              base.loadUnaligned(fromByteOffset: index, as: UInt64.self) == UInt64(littleEndian: fourReplacementsHead),
              base.loadUnaligned(fromByteOffset: index + 8, as: UInt32.self) == UInt32(littleEndian: fourReplacementsTail) {
            index += 12
        }
        return index == start ? start + 3 : index
    }

    @inline(__always)
    private static func isContinuation(_ base: UnsafeRawPointer, _ index: Int) -> Bool {
        base.load(fromByteOffset: index, as: UInt8.self) & 0xC0 == 0x80
    }

    /// A three-byte sequence that is neither overlong nor a surrogate, nor U+FFFE / U+FFFF (which XML
    /// forbids and the caller drops).
    @inline(__always)
    private static func isValidThreeByte(_ base: UnsafeRawPointer, _ index: Int, lead: UInt8) -> Bool {
        let second = base.load(fromByteOffset: index + 1, as: UInt8.self)
        let third = base.load(fromByteOffset: index + 2, as: UInt8.self)
        guard second & 0xC0 == 0x80, third & 0xC0 == 0x80 else { return false }
        switch lead {
        case 0xE0: return second >= 0xA0
        case 0xED: return second < 0xA0
        case 0xEF: return !(second == 0xBF && third >= 0xBE)
        default: return true
        }
    }

    /// The high bit of each byte of `word` that is below 0x20 or at or above 0x80; exact per byte.
    @inline(__always)
    private static func notPrintableASCII(_ word: UInt64) -> UInt64 {
        // With the high bit forced on, subtracting 0x20 borrows from no neighbour and clears the high
        // bit exactly where the low seven bits are below 0x20.
        (~((word | highBits) &- ones &* 0x20) | word) & highBits
    }

    /// The high bit of each byte of `word` that equals `byte`; exact per byte.
    @inline(__always)
    private static func equalBytes(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return ~(((x & lowBits) &+ lowBits) | x) & highBits
    }
}
