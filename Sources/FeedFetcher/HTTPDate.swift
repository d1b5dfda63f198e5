import Foundation

/// Reads the three HTTP-date forms of RFC 9110 §5.6.7, which `Retry-After` may carry:
/// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`
/// and C's asctime `Sun Nov  6 08:49:37 1994`. Hand-written: no locale, no DateFormatter.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The date, or nil when the text is none of the three forms.
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
        guard t.count >= 5, let day = Int(t[1]), let month = month(t[2]), let year = Int(t[3]) else { return nil }
        return make(year: year, month: month, day: day, time: t[4])
    }

    /// `Sunday, 06-Nov-94 08:49:37 GMT`; a two-digit year below 70 is in this century.
    private static func rfc850(_ t: [String]) -> Date? {
        let parts = t[1].split(separator: "-").map(String.init)
        guard parts.count == 3, let day = Int(parts[0]), let month = month(parts[1]),
              var year = Int(parts[2]) else { return nil }
        if parts[2].count <= 2 { year += year < 70 ? 2000 : 1900 }
        return make(year: year, month: month, day: day, time: t[2])
    }

    /// `Sun Nov  6 08:49:37 1994`
    private static func asctime(_ t: [String]) -> Date? {
        guard t.count >= 5, let month = month(t[1]), let day = Int(t[2]), let year = Int(t[4]) else { return nil }
        return make(year: year, month: month, day: day, time: t[3])
    }

    private static func month(_ name: String) -> Int? {
        months.firstIndex(of: name.prefix(3).lowercased()).map { $0 + 1 }
    }

    private static func make(year: Int, month: Int, day: Int, time: String) -> Date? {
        let hms = time.split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3, (1...31).contains(day), (0...23).contains(hms[0]),
              (0...59).contains(hms[1]), (0...60).contains(hms[2]) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hms[0] * 3_600 + hms[1] * 60 + hms[2]
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
