import Foundation

/// Turns the JSON numbers Foundation cannot hold exactly into strings of their own digits, before decoding.
///
/// Foundation's decoder refuses a whole document for one `1e400` ("not representable") and rounds
/// `9223372036854775809` to a `Double`; quoted, such a number reaches the JSON Feed reader as the text the
/// feed wrote, where a field that wants a number refuses it with a warning and an `id` keeps every digit.
enum JSONNumberQuoting {
    /// Integers with more significant digits than this may not survive a `Double` (2^53 has 16 digits).
    static let maxExactDigits = 15

    /// The document with every such number quoted, or nil when there is none (the common case).
    static func quoteUnrepresentable(_ data: Data) -> Data? {
        data.withUnsafeBytes { bytes -> Data? in
            var output: [UInt8]? = nil
            var copied = 0
            var index = 0
            var inString = false
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                if inString {
                    if escaped { escaped = false }
                    else if byte == UInt8(ascii: "\\") { escaped = true }
                    else if byte == UInt8(ascii: "\"") { inString = false }
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = true; index += 1; continue }
                guard byte == UInt8(ascii: "-") || isDigit(byte) else { index += 1; continue }
                let start = index
                while index < bytes.count, isNumberByte(bytes[index]) { index += 1 }
                let token = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                guard isNumber(token), !isExact(token) else { continue }
                if output == nil { output = []; output?.reserveCapacity(bytes.count + 16) }
                output?.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied..<start]))
                output?.append(UInt8(ascii: "\""))
                output?.append(contentsOf: token)
                output?.append(UInt8(ascii: "\""))
                copied = index
            }
            guard var result = output else { return nil }
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied...]))
            return Data(result)
        }
    }

    /// True when a `Double` holds the number token exactly enough: a finite value, and for an integer
    /// no more than `maxExactDigits` significant digits.
    private static func isExact(_ token: UnsafeRawBufferPointer) -> Bool {
        let text = String(decoding: token, as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return false }
        let isInteger = !token.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        guard isInteger else { return true }
        return text.drop { $0 == "-" || $0 == "0" }.count <= maxExactDigits
    }

    /// True when the token follows RFC 8259's number grammar, `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`;
    /// anything else is left for the decoder to report, so quoting never turns broken JSON into valid JSON.
    static func isNumber(_ token: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < token.count, isDigit(token[index]) { index += 1 }
            return index - start
        }
        if index < token.count, token[index] == UInt8(ascii: "-") { index += 1 }
        guard index < token.count else { return false }
        if token[index] == UInt8(ascii: "0") { index += 1 } else if digits() == 0 { return false }
        if index < token.count, token[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < token.count, token[index] == UInt8(ascii: "e") || token[index] == UInt8(ascii: "E") {
            index += 1
            if index < token.count, token[index] == UInt8(ascii: "+") || token[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == token.count
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }
}
