import Foundation

/// One pass over UTF-8 bytes that fixes what would otherwise make libxml2 drop text or whole items:
/// invalid UTF-8 (→ U+FFFD), NUL and other characters XML forbids (dropped), a bare `&` that starts no
/// reference (→ `&amp;`), undeclared HTML named entities (→ numeric references), and numeric references
/// to Windows-1252 bytes or to forbidden characters.
///
/// The bytes are copied only from the first change on; a clean document costs one read-only scan.
/// Newlines are never added or removed, so libxml2's line numbers still match the original.
struct XMLRepair {
    /// What the pass changed, for the warnings on the result.
    struct Report: Equatable {
        var invalidUTF8 = 0
        var forbiddenCharacters = 0
        var bareAmpersands = 0
        var unknownEntities: [String] = []
        /// Set when a start tag holds more attributes than allowed; the pass stops there.
        var tooManyAttributes = false

        var warnings: [String] {
            var lines: [String] = []
            if invalidUTF8 > 0 { lines.append("replaced \(invalidUTF8) invalid UTF-8 bytes with U+FFFD") }
            if forbiddenCharacters > 0 { lines.append("dropped \(forbiddenCharacters) characters XML does not allow (NUL, control characters)") }
            if bareAmpersands > 0 { lines.append("escaped \(bareAmpersands) '&' that started no entity reference") }
            for name in unknownEntities { lines.append("unknown entity &\(name); kept as text") }
            return lines
        }
    }

    private let input: UnsafeRawBufferPointer
    private var output: [UInt8]? = nil
    private var copiedUpTo = 0
    private var declaredEntities: Set<[UInt8]> = []
    private(set) var report = Report()

    /// Repairs `input`; returns nil when nothing needed changing.
    ///
    /// It also counts the attributes of each start tag: libxml2 2.9 checks attributes for duplicates
    /// pairwise, so one element with 100,000 attributes costs minutes. `maxAttributes` bounds that.
    static func repair(_ input: UnsafeRawBufferPointer, maxAttributes: Int) -> (bytes: [UInt8]?, report: Report) {
        var pass = XMLRepair(input: input, maxAttributes: maxAttributes)
        pass.run()
        return (pass.finish(), pass.report)
    }

    private let maxAttributes: Int
    /// The `>` of a void element (`<br>`) that becomes `/>` when the pass gets there.
    private var pendingVoidClose: Int?

    private init(input: UnsafeRawBufferPointer, maxAttributes: Int) {
        self.input = input
        self.maxAttributes = maxAttributes
    }

    private mutating func replace(_ start: Int, length: Int, with replacement: some Collection<UInt8>) {
        if output == nil {
            output = []
            output!.reserveCapacity(input.count + 256)
        }
        output!.append(contentsOf: input[copiedUpTo..<start])
        output!.append(contentsOf: replacement)
        copiedUpTo = start + length
    }

    private mutating func finish() -> [UInt8]? {
        guard output != nil else { return nil }
        output!.append(contentsOf: input[copiedUpTo...])
        return output
    }

    private mutating func run() {
        let count = input.count
        var index = 0
        var literalEnd = 0   // bytes before this index are CDATA, a comment, a PI or the DOCTYPE: no references there
        var inTag = false        // inside `<name ...>`, where `=` separates an attribute from its value
        var quote: UInt8 = 0     // the quote of the attribute value being read, or 0
        var attributes = 0
        while index < count {
            // Runs that need no look are skipped a word at a time; only tags are read byte by byte.
            if index < literalEnd {
                index = PlainByteScan.skipLiteral(input, from: index, to: literalEnd)
                if index == literalEnd { continue }
            } else if !inTag {
                index = PlainByteScan.skipText(input, from: index, to: count)
                if index == count { break }
            }
            let byte = input[index]
            if index == pendingVoidClose {
                replace(index, length: 1, with: Array("/>".utf8))
                pendingVoidClose = nil
            }
            if byte >= 0x20 && byte < 0x80 {
                if index >= literalEnd {
                    if inTag {
                        if quote != 0 {
                            if byte == quote { quote = 0 }
                        } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                            quote = byte
                        } else if byte == UInt8(ascii: "=") {
                            attributes += 1
                            if attributes > maxAttributes {
                                report.tooManyAttributes = true
                                return
                            }
                        } else if byte == UInt8(ascii: ">") {
                            inTag = false
                        }
                    }
                    if byte == UInt8(ascii: "&") {
                        index = reference(at: index)
                        continue
                    }
                    if byte == UInt8(ascii: "<") && quote == 0 {
                        literalEnd = literalSectionEnd(at: index)
                        if literalEnd == index {
                            inTag = true
                            attributes = 0
                            closeVoidElement(at: index)
                        }
                    }
                }
                index += 1
            } else if byte < 0x20 {
                if byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    index += 1
                } else {
                    report.forbiddenCharacters += 1
                    replace(index, length: 1, with: EmptyCollection())
                    index += 1
                }
            } else {
                index = multibyte(at: index)
            }
        }
    }

    /// Validates the UTF-8 sequence at `index`; returns the index after it.
    private mutating func multibyte(at index: Int) -> Int {
        let lead = input[index]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return invalid(at: index)
        }
        guard index + length <= input.count else { return invalid(at: index) }
        for offset in 1..<length {
            let next = input[index + offset]
            guard next & 0xC0 == 0x80 else { return invalid(at: index) }
            value = value << 6 | UInt32(next & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return invalid(at: index) }
        if value == 0xFFFE || value == 0xFFFF {
            report.forbiddenCharacters += 1
            replace(index, length: length, with: EmptyCollection())
        }
        return index + length
    }

    private mutating func invalid(at index: Int) -> Int {
        report.invalidUTF8 += 1
        replace(index, length: 1, with: [0xEF, 0xBF, 0xBD])
        return index + 1
    }

    /// Handles the `&` at `index`; returns the index to continue from.
    private mutating func reference(at index: Int) -> Int {
        let count = input.count
        var end = index + 1
        let limit = min(count, index + 40)
        while end < limit, isNameByte(input[end]) || input[end] == UInt8(ascii: "#") { end += 1 }
        guard end < count, input[end] == UInt8(ascii: ";"), end > index + 1 else { return escapeAmpersand(at: index) }
        let name = UnsafeRawBufferPointer(rebasing: input[(index + 1)..<end])
        if name[0] == UInt8(ascii: "#") { return numericReference(at: index, body: name, end: end) }
        guard isNameStart(name[0]), !name.contains(UInt8(ascii: "#")) else { return escapeAmpersand(at: index) }
        if HTMLEntities.isXMLPredefined(name) || declaredEntities.contains(Array(name)) { return end + 1 }
        if let value = HTMLEntities.codePoint(named: name) {
            replace(index, length: end + 1 - index, with: Array("&#\(value);".utf8))
            return end + 1
        }
        if report.unknownEntities.count < 10 { report.unknownEntities.append(String(decoding: name, as: UTF8.self)) }
        return escapeAmpersand(at: index)
    }

    private mutating func numericReference(at index: Int, body: UnsafeRawBufferPointer, end: Int) -> Int {
        var value: UInt32 = 0
        var digits = body.dropFirst()
        var radix: UInt32 = 10
        if let first = digits.first, first == UInt8(ascii: "x") || first == UInt8(ascii: "X") { radix = 16; digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 8 else { return escapeAmpersand(at: index) }
        for digit in digits {
            guard let d = hexValue(digit), d < radix else { return escapeAmpersand(at: index) }
            value = value * radix + d
        }
        var replacement: UInt32? = nil
        if value >= 0x80 && value < 0xA0 {
            replacement = Windows1252.codePoint(UInt8(value))
        } else if !isXMLCharacter(value) {
            report.forbiddenCharacters += 1
            replacement = 0xFFFD
        }
        if let replacement { replace(index, length: end + 1 - index, with: Array("&#\(replacement);".utf8)) }
        return end + 1
    }

    private mutating func escapeAmpersand(at index: Int) -> Int {
        report.bareAmpersands += 1
        replace(index, length: 1, with: Array("&amp;".utf8))
        return index + 1
    }

    /// For a `<` at `index` that opens CDATA, a comment, a PI or the DOCTYPE, the index after its end;
    /// otherwise `index` (ordinary markup, where references are processed).
    private mutating func literalSectionEnd(at index: Int) -> Int {
        guard index + 1 < input.count else { return index }
        let next = input[index + 1]
        if next == UInt8(ascii: "?") { return find("?>", from: index + 2) }
        guard next == UInt8(ascii: "!") else { return index }
        if starts(with: "<![CDATA[", at: index) { return find("]]>", from: index + 9) }
        if starts(with: "<!--", at: index) { return find("-->", from: index + 4) }
        if starts(with: "<!DOCTYPE", at: index) { return doctypeEnd(from: index + 9) }
        return index
    }

    /// Makes an HTML void element written without its slash (`<br>`, `<img src="…">`, `<hr>`) empty:
    /// left open, it swallows every following item of the feed into the description it sits in.
    /// No feed format has elements of these names, so the rewrite can only help.
    private mutating func closeVoidElement(at index: Int) {
        guard index + 3 < input.count else { return }
        let first = input[index + 1] | 0x20, second = input[index + 2] | 0x20, third = input[index + 3] | 0x20
        let nameEnd: Int
        if (first == 0x62 && second == 0x72) || (first == 0x68 && second == 0x72) {                  // br, hr
            nameEnd = index + 3
        } else if first == 0x69 && second == 0x6D && third == 0x67, index + 4 < input.count {        // img
            nameEnd = index + 4
        } else {
            return
        }
        let after = input[nameEnd]
        guard after == 0x20 || after == 0x09 || after == 0x0A || after == 0x0D || after == UInt8(ascii: ">") else { return }
        var quote: UInt8? = nil
        var end = nameEnd
        while end < input.count {
            let byte = input[end]
            if let open = quote { if byte == open { quote = nil } }
            else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { quote = byte }
            else if byte == UInt8(ascii: ">") { break }
            else if byte == UInt8(ascii: "<") { return }
            end += 1
        }
        guard end < input.count, input[end - 1] != UInt8(ascii: "/") else { return }
        // Applied when the main loop reaches the `>`: replacing ahead now would let a repair of the
        // bytes in between (invalid UTF-8 in an attribute) land before the copied point.
        pendingVoidClose = end
    }

    /// Skips the DOCTYPE, recording the general entities its internal subset declares.
    private mutating func doctypeEnd(from start: Int) -> Int {
        var index = start
        var quote: UInt8? = nil
        var inSubset = false
        while index < input.count {
            let byte = input[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                inSubset = true
            } else if byte == UInt8(ascii: "]") {
                inSubset = false
            } else if byte == UInt8(ascii: ">") && !inSubset {
                return index + 1
            } else if inSubset && byte == UInt8(ascii: "<") {
                if starts(with: "<!--", at: index) { index = find("-->", from: index + 4); continue }
                if starts(with: "<!ENTITY", at: index) { recordEntity(from: index + 8) }
            }
            index += 1
        }
        return index
    }

    private mutating func recordEntity(from start: Int) {
        var index = start
        while index < input.count, input[index] == 0x20 || input[index] == 0x09 || input[index] == 0x0A || input[index] == 0x0D { index += 1 }
        let nameStart = index
        while index < input.count, isNameByte(input[index]) { index += 1 }
        if index > nameStart, index - nameStart < 64 { declaredEntities.insert(Array(input[nameStart..<index])) }
    }

    private func starts(with text: StaticString, at index: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        guard index + length <= input.count else { return false }
        let pointer = text.utf8Start
        for offset in 0..<length where input[index + offset] != pointer[offset] { return false }
        return true
    }

    /// The index just after the next `terminator` at or after `start`, or the end of the input.
    private func find(_ terminator: StaticString, from start: Int) -> Int {
        let first = terminator.utf8Start[0]
        var index = start
        while index < input.count, let base = input.baseAddress {
            // memchr is vectorised; CDATA sections are the bulk of many feeds.
            guard let hit = memchr(base + index, Int32(first), input.count - index) else { break }
            index = base.distance(to: UnsafeRawPointer(hit))
            if starts(with: terminator, at: index) { return index + terminator.utf8CodeUnitCount }
            index += 1
        }
        return input.count
    }

    @inline(__always) private func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
    }

    @inline(__always) private func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x61...0x66: return UInt32(byte - 0x61 + 10)
        case 0x41...0x46: return UInt32(byte - 0x41 + 10)
        default: return nil
        }
    }

    private func isXMLCharacter(_ value: UInt32) -> Bool {
        value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value <= 0xD7FF)
            || (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF)
    }
}
