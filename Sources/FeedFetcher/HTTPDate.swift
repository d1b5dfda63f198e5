import Foundation

/// Reads the three HTTP-date forms of RFC 9110 §5.6.7, which `Retry-After` may carry:
/// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`
/// and C's asctime `Sun Nov  6 08:49:37 1994`. Hand-written: no locale, no DateFormatter.
///
/// Every number comes from a server, so each is read as a bounded run of ASCII digits and checked
/// against its range before any arithmetic: a year of twelve digits, a negative year or a day 31 of
/// February is "not a date", never an overflow trap.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"]
    /// The years an HTTP-date can name: the grammar's four digits (RFC 9110 §5.6.7), year 0 excluded.
    static let years = 1...9999

    /// The date, or nil when the text is none of the three forms or names no real instant.
    static func parse(_ text: String) -> Date? {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard tokens.count >= 4, tokens[0].first?.isLetter == true else { return nil }
        if tokens[0].hasSuffix(",") {
            return tokens[1].contains("-") ? rfc850(tokens) : imfFixdate(tokens)
        }
        return asctime(tokens)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`
    private static func imfFixdate(_ t: [String]) -> Date? {
        guard t.count >= 5, let day = number(t[1], digits: 1...2), let month = month(t[2]),
              let year = number(t[3], digits: 4...4) else { return nil }
        return make(year: year, month: month, day: day, time: t[4])
    }

    /// `Sunday, 06-Nov-94 08:49:37 GMT`; a two-digit year below 70 is in this century.
    private static func rfc850(_ t: [String]) -> Date? {
        let parts = t[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard t.count >= 3, parts.count == 3, let day = number(parts[0], digits: 1...2), let month = month(parts[1]),
              var year = number(parts[2], digits: 2...4) else { return nil }
        if parts[2].count == 2 { year += year < 70 ? 2000 : 1900 }
        return make(year: year, month: month, day: day, time: t[2])
    }

    /// `Sun Nov  6 08:49:37 1994`
    private static func asctime(_ t: [String]) -> Date? {
        guard t.count >= 5, let month = month(t[1]), let day = number(t[2], digits: 1...2),
              let year = number(t[4], digits: 4...4) else { return nil }
        return make(year: year, month: month, day: day, time: t[3])
    }

    private static func month(_ name: String) -> Int? {
        guard name.count == 3 else { return nil }
        return months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }

    /// The value of `text` when it is only ASCII digits, as many as `digits` allows; nil otherwise
    /// (a sign, a space, or more digits than the field has).
    private static func number(_ text: String, digits: ClosedRange<Int>) -> Int? {
        let bytes = text.utf8
        guard digits.contains(bytes.count), bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static func make(year: Int, month: Int, day: Int, time: String) -> Date? {
        let fields = time.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3 else { return nil }
        let hms = fields.compactMap { number($0, digits: 2...2) }
        guard hms.count == 3, years.contains(year), (1...daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hms[0]), (0...59).contains(hms[1]), (0...60).contains(hms[2]) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hms[0] * 3_600 + hms[1] * 60 + hms[2]
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm);
    /// `year` is within `years`, so nothing here can overflow.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
