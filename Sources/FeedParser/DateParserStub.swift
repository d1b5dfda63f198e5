import Foundation
import FeedModel

/// Feed dates (temporary: RFC 822 with a numeric zone or GMT, RFC 3339 with `Z` or an offset).
public enum DateParser {
    /// The date `text` names, or nil when it cannot be read.
    public static func parse(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        var numbers: [Int] = []
        var current: Int? = nil
        var month: Int? = nil
        var word: [UInt8] = []
        var sign = 0
        var zone: Int? = nil
        var fraction = 0.0
        var index = 0
        func flushWord() {
            if word.count >= 3, month == nil {
                let key = String(decoding: word.prefix(3), as: UTF8.self).lowercased()
                if let m = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].firstIndex(of: key) { month = m + 1 }
            }
            let w = String(decoding: word, as: UTF8.self).uppercased()
            if w == "Z" || w == "GMT" || w == "UT" || w == "UTC" { zone = 0 }
            word.removeAll()
        }
        while index < scalars.count {
            let c = scalars[index]
            if c >= 0x30 && c <= 0x39 {
                current = (current ?? 0) * 10 + Int(c - 0x30)
            } else {
                if let value = current {
                    if sign != 0, numbers.count >= 5 {
                        zone = sign * ((value / 100) * 60 + value % 100) * 60
                        if zone != nil, c == 0x3A, index + 2 < scalars.count { // +01:00
                            let minutes = Int(scalars[index + 1] - 0x30) * 10 + Int(scalars[index + 2] - 0x30)
                            zone = sign * (value * 3600 + minutes * 60)
                            index += 3
                            current = nil
                            sign = 0
                            continue
                        }
                        sign = 0
                    } else { numbers.append(value) }
                    current = nil
                }
                if c == 0x2E, numbers.count == 6 { // fraction of a second
                    var scale = 0.1
                    index += 1
                    while index < scalars.count, scalars[index] >= 0x30, scalars[index] <= 0x39 {
                        fraction += Double(scalars[index] - 0x30) * scale
                        scale /= 10
                        index += 1
                    }
                    continue
                }
                if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A { word.append(c) } else { flushWord() }
                if (c == 0x2B || c == 0x2D), numbers.count >= 5 { sign = c == 0x2B ? 1 : -1 }
            }
            index += 1
        }
        if let value = current {
            if sign != 0, numbers.count >= 5 { zone = sign * ((value / 100) * 60 + value % 100) * 60 } else { numbers.append(value) }
        }
        flushWord()
        var year: Int, monthValue: Int, day: Int, rest: ArraySlice<Int>
        if let month {
            guard numbers.count >= 4 else { return nil }
            (day, year, monthValue, rest) = (numbers[0], numbers[1], month, numbers[2...])
            if year < 100 { year += year < 50 ? 2000 : 1900 }
        } else {
            guard numbers.count >= 3 else { return nil }
            (year, monthValue, day, rest) = (numbers[0], numbers[1], numbers[2], numbers[3...])
        }
        guard (1...12).contains(monthValue), (1...31).contains(day) else { return nil }
        let parts = Array(rest)
        let hour = parts.count > 0 ? parts[0] : 0
        let minute = parts.count > 1 ? parts[1] : 0
        let second = parts.count > 2 ? parts[2] : 0
        guard hour < 24, minute < 60, second < 61 else { return nil }
        let days = RFC3339.days(year: Int64(year), month: monthValue, day: day)
        let seconds = Double(days * 86_400) + Double(hour * 3600 + minute * 60 + second) + fraction - Double(zone ?? 0)
        return Date(timeIntervalSince1970: seconds)
    }
}
