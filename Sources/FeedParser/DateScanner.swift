/// A cursor over the UTF-8 bytes of a date, with the few reads both date grammars need.
///
/// The buffer is only borrowed for the duration of one `DateParser.parse` call.
struct DateScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var end: Int

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.end = bytes.count
    }

    var atEnd: Bool { position >= end }
    var current: UInt8? { position < end ? bytes[position] : nil }

    func byte(at index: Int) -> UInt8? { index >= 0 && index < end ? bytes[index] : nil }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        position += 1
        return true
    }

    /// Drops leading and trailing white space (ASCII and U+00A0, which pages copied into feeds carry).
    mutating func trimSpaces() {
        skipSpaces()
        while end > position {
            if DateScanner.isSpace(bytes[end - 1]) { end -= 1 }
            else if end - 2 >= position, bytes[end - 2] == 0xC2, bytes[end - 1] == 0xA0 { end -= 2 }
            else { break }
        }
    }

    mutating func skipSpaces() {
        while let b = current {
            if DateScanner.isSpace(b) { position += 1 }
            else if b == 0xC2, byte(at: position + 1) == 0xA0 { position += 2 }
            else { return }
        }
    }

    /// Four digits followed by the end, `-`, or more digits: the start of ISO 8601 / W3C-DTF.
    var startsWithISOYear: Bool {
        for i in 0..<4 where !DateScanner.isDigit(byte(at: position + i)) { return false }
        guard let next = byte(at: position + 4) else { return true }
        return next == UInt8(ascii: "-") || DateScanner.isDigit(next)
    }

    /// All consecutive digits: their value and count. More than 9 digits gives no value (nor an overflow).
    mutating func readNumber() -> (value: Int, digits: Int)? {
        var value = 0
        var digits = 0
        while let b = current, DateScanner.isDigit(b) {
            if digits < 18 { value = value * 10 + Int(b - 48) }
            digits += 1
            position += 1
        }
        return digits > 0 && digits <= 9 ? (value, digits) : nil
    }

    /// Exactly `count` digits.
    mutating func readDigits(_ count: Int) -> Int? {
        var value = 0
        for i in 0..<count {
            guard let b = byte(at: position + i), DateScanner.isDigit(b) else { return nil }
            value = value * 10 + Int(b - 48)
        }
        position += count
        return value
    }

    /// A fraction of a second after its `.` or `,`: any number of digits, kept to nanoseconds.
    mutating func readFraction() -> Int? {
        var nanos = 0
        var digits = 0
        while let b = current, DateScanner.isDigit(b) {
            if digits < 9 { nanos = nanos * 10 + Int(b - 48) }
            digits += 1
            position += 1
        }
        guard digits > 0 else { return nil }
        for _ in digits..<max(digits, 9) { nanos *= 10 }
        return nanos
    }

    /// A run of letters (ASCII or any non-ASCII byte but U+00A0), as a range of `bytes`.
    mutating func readWord() -> Range<Int> {
        let start = position
        while let b = current, DateScanner.isLetter(b) {
            if b == 0xC2, byte(at: position + 1) == 0xA0 { break }
            position += 1
        }
        return start..<position
    }

    /// `+hhmm`, `+hh:mm`, `+hh`, `+h` or `+hmm` (and `-`), as seconds east of UTC.
    mutating func readOffset() -> Int? {
        guard let sign = current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        position += 1
        guard let number = readNumber() else { return nil }
        var hours: Int
        var minutes = 0
        switch number.digits {
        case 1, 2:
            hours = number.value
            if current == UInt8(ascii: ":") {
                position += 1
                guard let m = readDigits(2) else { return nil }
                minutes = m
            }
        case 3, 4:
            hours = number.value / 100
            minutes = number.value % 100
        default:
            return nil
        }
        guard hours <= 23, minutes <= 59 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// The byte at `index` in lower case, for ASCII and for the Latin-1 letters of UTF-8 (`Ä` → `ä`).
    func loweredByte(at index: Int) -> UInt8 {
        let b = bytes[index]
        if b >= 65 && b <= 90 { return b + 32 }
        if index > 0, bytes[index - 1] == 0xC3, b >= 0x80, b <= 0x9E, b != 0x97 { return b + 0x20 }
        return b
    }

    /// Whether the word at `range` (any case) is a prefix of `name` (lower case).
    func word(_ range: Range<Int>, isPrefixOf name: [UInt8]) -> Bool {
        guard range.count <= name.count else { return false }
        var n = 0
        for i in range {
            if loweredByte(at: i) != name[n] { return false }
            n += 1
        }
        return true
    }

    /// Whether the word at `range` (any case) equals `name` (lower case).
    func word(_ range: Range<Int>, equals name: [UInt8]) -> Bool {
        range.count == name.count && word(range, isPrefixOf: name)
    }

    static func isDigit(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return b >= 48 && b <= 57
    }

    static func isLetter(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b >= 0x80
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == 32 || b == 9 || b == 10 || b == 13 || b == 12 || b == 11
    }
}
