/// TOML's datetimes, recognised by a scan of ASCII bytes.
///
/// These were regex literals, and a regex is compiled again each time it is used: every number in
/// a config paid for a compile, and the daemon kept the regex engine's code resident for the
/// handful of datetimes a config may hold.
enum TOMLDatetime {
    /// `YYYY-MM-DD` followed by anything: the token is meant as a date, valid or not.
    static func looksLikeDate(_ token: String) -> Bool {
        var scanner = Scanner(token)
        return scanner.date() != nil
    }

    /// `HH:` followed by anything: the token is meant as a time, valid or not.
    static func looksLikeTime(_ token: String) -> Bool {
        var scanner = Scanner(token)
        return scanner.digits(2) != nil && scanner.take(":")
    }

    /// RFC 3339 with TOML's relaxations: an offset date-time, a local date-time, a local date or a
    /// local time. The date and time separator is `T`, `t` or a space.
    static func isValid(_ token: String) -> Bool {
        var scanner = Scanner(token)
        if let (month, day) = scanner.date() {
            guard (1...12).contains(month), (1...31).contains(day) else { return false }
            if scanner.atEnd { return true }
            guard scanner.take("T") || scanner.take("t") || scanner.take(" "), scanner.time() else { return false }
            if scanner.take("Z") || scanner.take("z") { return scanner.atEnd }
            if scanner.take("+") || scanner.take("-") {
                return scanner.digits(2) != nil && scanner.take(":") && scanner.digits(2) != nil && scanner.atEnd
            }
            return scanner.atEnd
        }
        return scanner.time() && scanner.atEnd
    }

    private struct Scanner {
        private let bytes: [UInt8]
        private var index = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ ascii: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: ascii) else { return false }
            index += 1
            return true
        }

        /// Exactly `count` ASCII digits, as their value.
        mutating func digits(_ count: Int) -> Int? {
            guard bytes.count - index >= count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }

        /// `YYYY-MM-DD`: the month and the day, unchecked.
        mutating func date() -> (month: Int, day: Int)? {
            guard digits(4) != nil, take("-"), let month = digits(2), take("-"), let day = digits(2) else { return nil }
            return (month, day)
        }

        /// `HH:MM:SS` with an optional fraction, within range (a leap second allowed).
        mutating func time() -> Bool {
            guard let hour = digits(2), take(":"), let minute = digits(2), take(":"), let second = digits(2),
                  hour < 24, minute < 60, second <= 60 else { return false }
            if take(".") {
                guard digits(1) != nil else { return false }
                while digits(1) != nil {}
            }
            return true
        }
    }
}
