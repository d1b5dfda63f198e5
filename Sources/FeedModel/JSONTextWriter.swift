/// Writes `JSONValue`s as JSON text straight into UTF-8 bytes.
///
/// Strings are copied in runs: a byte scan finds the next byte that may need an escape (a quote,
/// a backslash, a C0 control, DEL, or the lead byte 0xC2/0xE2 of a C1 control, a line separator or
/// a bidi control) and everything before it is appended in one copy. Article HTML is long and
/// almost never needs an escape, so this is a memcpy where a scalar-by-scalar `String` append cost
/// most of `feedd parse`'s time.
struct JSONTextWriter: JSONMemberSink {
    private(set) var buffer: [UInt8] = []
    private let pretty: Bool
    private let chunkBytes: Int
    private let sink: ((UnsafeRawBufferPointer) -> Void)?
    private var depth = 0
    /// For each open container, outermost first: how many elements it has so far.
    private var elementCounts: [Int] = []

    init(pretty: Bool, chunkBytes: Int = 1 << 16, sink: ((UnsafeRawBufferPointer) -> Void)?) {
        self.pretty = pretty
        self.chunkBytes = max(1, chunkBytes)
        self.sink = sink
        buffer.reserveCapacity(sink == nil ? 4096 : self.chunkBytes + 4096)
    }

    /// A writer that goes on inside an array at `depth` whose container and elements another
    /// writer opened and will close: its bytes are that writer's next elements, as it would write them.
    init(pretty: Bool, continuingArrayAtDepth depth: Int) {
        self.init(pretty: pretty, sink: nil)
        self.depth = depth
        elementCounts = Array(repeating: 1, count: max(0, depth - 1)) + [0]
    }

    /// The bytes written so far, leaving an empty buffer of `capacity` bytes to write on: a large
    /// document kept in memory is held as chunks, never copied whole into a grown array.
    mutating func takeBuffer(reserving capacity: Int) -> [UInt8] {
        var taken: [UInt8] = []
        taken.reserveCapacity(capacity)
        swap(&taken, &buffer)
        return taken
    }

    /// Appends bytes of elements of the open array that a continuing writer wrote; `countElements`
    /// then says how many they were.
    mutating func appendElements(_ bytes: UnsafeRawBufferPointer) {
        if let sink {
            flush()
            sink(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Counts `count` elements appended with `appendElements` in the open array.
    mutating func countElements(_ count: Int) {
        elementCounts[elementCounts.count - 1] += count
    }

    /// Hands what is buffered to the sink (when there is one).
    mutating func flush() {
        guard let sink, !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { sink($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// A member of the open object (see `beginObject`).
    mutating func addRequired(_ key: String, _ value: JSONValue) {
        beginMember(key)
        write(value)
        endElement()
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .string(let text): writeString(text)
        case .number(let number): writeNumber(number)
        case .integer(let integer): append(String(integer))
        case .bool(let flag): append(flag ? "true" : "false")
        case .null: append("null")
        case .array(let items):
            writeContainer(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), count: items.count) { writer, index in
                writer.write(items[index])
            }
        case .object(let members):
            writeContainer(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), count: members.count) { writer, index in
                writer.writeString(members[index].0)
                writer.append(writer.pretty ? ": " : ":")
                writer.write(members[index].1)
            }
        }
    }

    /// Whole numbers below 10^15 print without a fraction; non-finite numbers, which JSON cannot
    /// hold (and the parser never lets through), print as `null`.
    private mutating func writeNumber(_ number: Double) {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
            append(String(Int64(number)))
        } else if number.isFinite {
            append(String(number))
        } else {
            append("null")
        }
    }

    private mutating func writeContainer(open: UInt8, close: UInt8, count: Int,
                                         member: (inout JSONTextWriter, Int) -> Void) {
        beginContainer(open)
        for index in 0..<count {
            beginElement()
            member(&self, index)
            endElement()
        }
        endContainer(close)
    }

    // MARK: Containers written a member at a time

    /// Opens an object whose members follow one by one (`addRequired`, or `beginMember` and a
    /// value), so a large document is written without first being built as a `JSONValue`.
    mutating func beginObject() { beginContainer(UInt8(ascii: "{")) }
    mutating func endObject() { endContainer(UInt8(ascii: "}")) }
    mutating func beginArray() { beginContainer(UInt8(ascii: "[")) }
    mutating func endArray() { endContainer(UInt8(ascii: "]")) }

    /// Starts the member `key` of the open object; its value is written next.
    mutating func beginMember(_ key: String) {
        beginElement()
        writeString(key)
        append(pretty ? ": " : ":")
    }

    /// The same bytes as `write(.object(…))` or `write(.array(…))` of the same members: a container
    /// left empty closes on the same line (`{}`), a full one closes on a line of its own.
    private mutating func beginContainer(_ open: UInt8) {
        buffer.append(open)
        depth += 1
        elementCounts.append(0)
    }

    /// Starts an element of the open array, or a member of the open object (before its key).
    mutating func beginElement() {
        if elementCounts[elementCounts.count - 1] > 0 { buffer.append(UInt8(ascii: ",")) }
        elementCounts[elementCounts.count - 1] += 1
        newline()
    }

    /// Ends an element or member: the buffer goes to the sink once it holds a chunk.
    mutating func endElement() {
        if sink != nil, buffer.count >= chunkBytes { flush() }
    }

    private mutating func endContainer(_ close: UInt8) {
        depth -= 1
        if elementCounts.removeLast() > 0 { newline() }
        buffer.append(close)
    }

    private mutating func newline() {
        guard pretty else { return }
        buffer.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { buffer.append(contentsOf: [0x20, 0x20]) }
    }

    private mutating func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    /// A JSON string literal: beyond what JSON requires (quote, backslash, C0), DEL, C1, U+2028/2029
    /// and the bidi controls are escaped too, so `feedd items --json` on a terminal cannot steer it;
    /// the decoded text is the same.
    mutating func writeString(_ text: String) {
        buffer.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { appendEscaped($0) }
        buffer.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        let count = utf8.count
        let base = UnsafeRawPointer(utf8.baseAddress)
        while index < count {
            if let base, count - index >= 8 {
                let candidates = Self.escapeCandidates(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
                if candidates == 0 {
                    index += 8
                    continue
                }
                // Straight to the first candidate byte (the lowest flagged byte: little-endian).
                index += candidates.trailingZeroBitCount >> 3
            }
            let byte = utf8[index]
            guard Self.mayNeedEscape(byte) else {
                index += 1
                continue
            }
            let (scalar, length) = Self.escapedScalar(utf8, at: index)
            guard length > 0 else {
                index += 1
                continue
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            appendEscape(scalar)
            index += length
            runStart = index
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The high bit of each byte of `word` that `mayNeedEscape` accepts (below 0x20, a quote, a
    /// backslash, DEL, 0xC2 or 0xE2), and of no other: exact per byte, since no step carries into the
    /// next byte. Long article HTML is skipped eight bytes at a time and each stop lands on a candidate.
    @inline(__always)
    private static func escapeCandidates(_ word: UInt64) -> UInt64 {
        // With the high bit cleared, adding 0x60 sets it exactly where the low seven bits are >= 0x20.
        let below0x20 = ~(((word & lowBits) &+ ones &* 0x60) | word) & highBits
        return below0x20 | equalBytes(word, 0x22) | equalBytes(word, 0x5C) | equalBytes(word, 0x7F)
            | equalBytes(word, 0xC2) | equalBytes(word, 0xE2)
    }

    /// The high bit of each byte of `word` that equals `byte`; exact per byte.
    @inline(__always)
    private static func equalBytes(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return ~(((difference & lowBits) &+ lowBits) | difference) & highBits
    }

    /// A quote or a backslash, or a byte that is or may begin a character `TerminalEscaping` escapes.
    @inline(__always)
    private static func mayNeedEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || TerminalEscaping.mayStartControl(byte)
    }

    /// The scalar at `index` that must be escaped and its length in bytes, or length 0 when the
    /// bytes there are an ordinary character (0xC2/0xE2 lead most non-ASCII Latin and punctuation).
    /// Which ones must is `TerminalEscaping.needsEscape`'s answer; the text is valid UTF-8 (a String).
    private static func escapedScalar(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let byte = utf8[index]
        let value: UInt32, length: Int
        switch byte {
        case 0xC2:  // U+0080–U+00BF
            guard index + 1 < utf8.count else { return (0, 0) }
            (value, length) = (0x80 | UInt32(utf8[index + 1] & 0x3F), 2)
        case 0xE2:  // U+2000–U+2FFF
            guard index + 2 < utf8.count else { return (0, 0) }
            (value, length) = (0x2000 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F), 3)
        default:
            return (UInt32(byte), 1)
        }
        guard let scalar = Unicode.Scalar(value), TerminalEscaping.needsEscape(scalar) else { return (0, 0) }
        return (value, length)
    }

    private mutating func appendEscape(_ scalar: UInt32) {
        switch scalar {
        case 0x22: buffer.append(contentsOf: [0x5C, 0x22])  // \"
        case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])  // \\
        case 0x0A: buffer.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: buffer.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: buffer.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x08: buffer.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: buffer.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            buffer.append(contentsOf: [0x5C, UInt8(ascii: "u")])
            for shift in stride(from: 12, through: 0, by: -4) {
                buffer.append(hex[Int((scalar >> UInt32(shift)) & 0xF)])
            }
        }
    }
}
