/// Integers (decimal, `0x`, `0o`, `0b`, underscores between digits), floats (`1.5`, `1e6`,
/// `inf`, `nan`) and datetimes, which are recognised and kept as their text.
extension TOMLParser {
    mutating func parseNumberOrDatetime() throws(TOMLError) -> TOMLValue {
        let start = position
        var token = readToken()
        if TOMLDatetime.looksLikeDate(token), peek() == " ", let next = peek(1), ("0"..."9").contains(next) {
            advance()  // the space between date and time
            token += " " + readToken()
        }
        if TOMLDatetime.looksLikeDate(token) || TOMLDatetime.looksLikeTime(token) {
            guard TOMLDatetime.isValid(token) else { throw error("invalid datetime '\(token)'", at: start) }
            return .datetime(token)
        }
        if let value = try number(from: token, at: start) { return value }
        let hasUnit = token.last?.isLetter == true
        if hasUnit, ConfigDuration.parse(token) != nil || ConfigByteSize.parse(token) != nil {
            throw error("invalid number '\(token)' (durations and sizes are strings: \"\(token)\")", at: start)
        }
        throw error("invalid number '\(token)'", at: start)
    }

    private mutating func readToken() -> String {
        var token = ""
        while let scalar = peek(), scalar.isBareKeyScalar || scalar == "+" || scalar == "." || scalar == ":" {
            token.unicodeScalars.append(scalar)
            advance()
        }
        return token
    }

    private func number(from token: String, at start: TOMLPosition) throws(TOMLError) -> TOMLValue? {
        switch token {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            let digits = String(token.dropFirst(2))
            guard Self.isDigitGroup(digits, radix: radix) else { return nil }
            guard let value = Int(String(digits.filter { $0 != "_" }), radix: radix) else {
                throw error("integer '\(token)' does not fit in 64 bits", at: start)
            }
            return .integer(value)
        }
        return try decimal(from: token, at: start)
    }

    /// `[+-]int[.frac][(e|E)[+-]exp]`, with no leading zeros in `int`.
    private func decimal(from token: String, at start: TOMLPosition) throws(TOMLError) -> TOMLValue? {
        var rest = Substring(token)
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        var exponent: Substring?
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = rest[rest.index(after: e)...]
            rest = rest[..<e]
        }
        var fraction: Substring?
        if let dot = rest.firstIndex(of: ".") {
            fraction = rest[rest.index(after: dot)...]
            rest = rest[..<dot]
        }
        guard Self.isDigitGroup(rest, radix: 10), rest == "0" || !rest.hasPrefix("0") else { return nil }
        if let fraction, !Self.isDigitGroup(fraction, radix: 10) { return nil }
        if var exponent {
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            guard Self.isDigitGroup(exponent, radix: 10) else { return nil }
        }
        let plain = String(token.filter { $0 != "_" })
        if fraction == nil, exponent == nil {
            guard let value = Int(plain) else { throw error("integer '\(token)' does not fit in 64 bits", at: start) }
            return .integer(value)
        }
        guard let value = Double(plain) else { return nil }
        return .float(value)
    }

    /// Digits of `radix`, with single underscores only between digits.
    static func isDigitGroup(_ text: some StringProtocol, radix: Int) -> Bool {
        guard let first = text.first, let last = text.last, first != "_", last != "_",
              !zip(text, text.dropFirst()).contains(where: { $0 == "_" && $1 == "_" }) else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && $0.hexDigitValue.map { $0 < radix } == true) }
    }
}
