/// TOML's four kinds of strings: basic ("…" with escapes), literal ('…' as written) and their
/// multi-line forms (""" and ''').
extension TOMLParser {
    mutating func parseBasicString() throws(TOMLError) -> String {
        let start = position
        advance()  // opening quote
        var text = ""
        while true {
            guard let scalar = peek(), !atNewline else {
                throw error("unterminated string (opened at line \(start.line), column \(start.column))", at: start)
            }
            switch scalar {
            case "\"":
                advance()
                return text
            case "\\":
                text.unicodeScalars.append(try parseEscape())
            default:
                if scalar.isTOMLControl {
                    throw error("control character \(scalar.codeLabel) must be escaped in a string")
                }
                text.unicodeScalars.append(scalar)
                advance()
            }
        }
    }

    mutating func parseLiteralString() throws(TOMLError) -> String {
        let start = position
        advance()  // opening apostrophe
        var text = ""
        while true {
            guard let scalar = peek(), !atNewline else {
                throw error("unterminated string (opened at line \(start.line), column \(start.column))", at: start)
            }
            if scalar == "'" {
                advance()
                return text
            }
            if scalar.isTOMLControl {
                throw error("control character \(scalar.codeLabel) is not allowed in a literal string")
            }
            text.unicodeScalars.append(scalar)
            advance()
        }
    }

    mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        let start = position
        advance(3)
        if atNewline { try consumeNewline() }  // a newline right after the opening quotes is trimmed
        var text = ""
        while true {
            guard let scalar = peek() else {
                throw error("unterminated multi-line string (opened at line \(start.line))", at: start)
            }
            switch scalar {
            case "\"":
                if try closeMultiline(quote: "\"", into: &text) { return text }
            case "\\":
                if try skipLineEndingBackslash() { continue }
                text.unicodeScalars.append(try parseEscape())
            case "\n", "\r":
                try consumeNewline()
                text.append("\n")
            default:
                if scalar.isTOMLControl {
                    throw error("control character \(scalar.codeLabel) must be escaped in a string")
                }
                text.unicodeScalars.append(scalar)
                advance()
            }
        }
    }

    mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        let start = position
        advance(3)
        if atNewline { try consumeNewline() }
        var text = ""
        while true {
            guard let scalar = peek() else {
                throw error("unterminated multi-line string (opened at line \(start.line))", at: start)
            }
            switch scalar {
            case "'":
                if try closeMultiline(quote: "'", into: &text) { return text }
            case "\n", "\r":
                try consumeNewline()
                text.append("\n")
            default:
                if scalar.isTOMLControl {
                    throw error("control character \(scalar.codeLabel) is not allowed in a literal string")
                }
                text.unicodeScalars.append(scalar)
                advance()
            }
        }
    }

    /// At a run of quotes inside a multi-line string: three or more close it (up to two more
    /// belong to the content, as in `""""`), fewer are content. Returns whether it closed.
    private mutating func closeMultiline(quote: Unicode.Scalar, into text: inout String) throws(TOMLError) -> Bool {
        var count = 0
        while peek(count) == quote { count += 1 }
        if count > 5 { throw error("too many quotes (\(count)) at the end of a multi-line string") }
        let content = count >= 3 ? count - 3 : count
        text.unicodeScalars.append(contentsOf: repeatElement(quote, count: content))
        advance(count)
        return count >= 3
    }

    /// A backslash that ends a line in a multi-line basic string trims the newline and all
    /// whitespace up to the next visible character.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var offset = 1
        while let scalar = peek(offset), scalar == " " || scalar == "\t" { offset += 1 }
        guard peek(offset) == "\n" || (peek(offset) == "\r" && peek(offset + 1) == "\n") else { return false }
        advance(offset)
        while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            if scalar == "\r" { try consumeNewline() } else { advance() }
        }
        return true
    }

    /// `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`.
    private mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        let start = position
        advance()  // backslash
        guard let code = peek() else { throw error("unterminated escape sequence", at: start) }
        advance()
        switch code {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u": return try parseUnicodeEscape(digits: 4, start: start)
        case "U": return try parseUnicodeEscape(digits: 8, start: start)
        default:
            let shown = code.isTOMLControl || code == "\n" ? code.codeLabel : String(code)
            throw error("invalid escape sequence '\\\(shown)' (valid: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)",
                        at: start)
        }
    }

    private mutating func parseUnicodeEscape(digits: Int, start: TOMLPosition) throws(TOMLError) -> Unicode.Scalar {
        var hex = ""
        for offset in 0..<digits {
            guard let scalar = peek(offset), scalar.properties.isASCIIHexDigit else {
                throw error("invalid unicode escape: expected \(digits) hexadecimal digits", at: start)
            }
            hex.unicodeScalars.append(scalar)
        }
        advance(digits)
        guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
            throw error("invalid unicode escape '\(hex)': not a Unicode scalar value", at: start)
        }
        return scalar
    }
}
