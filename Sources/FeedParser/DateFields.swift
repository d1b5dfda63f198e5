import FeedModel
import Foundation

/// The parts of a date as read from text, before they are checked and turned into an instant.
struct DateFields {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    var nanoseconds = 0
    /// Seconds east of UTC.
    var offsetSeconds = 0

    /// The instant these fields name, or `nil` when any is out of range (February 30th, minute 61).
    ///
    /// `24:00` is the end of the day, i.e. the next midnight (ISO 8601 allows it); a leap second
    /// (`:60`) is clamped to `:59` because `Date` has no room for it.
    func instant() -> Date? {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= DateFields.daysIn(month: month, year: year),
              (0...59).contains(minute), (0...60).contains(second) else { return nil }
        if hour == 24 {
            guard minute == 0, second == 0, nanoseconds == 0 else { return nil }
        } else if !(0...23).contains(hour) {
            return nil
        }
        let days = RFC3339.days(year: Int64(year), month: month, day: day)
        let secondOfDay = Int64(hour * 3600 + minute * 60 + min(second, 59))
        let seconds = days * 86_400 + secondOfDay - Int64(offsetSeconds)
        return Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1e9)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// RFC 2822 §4.3: a two-digit year below 50 is 20xx, otherwise 19xx; a three-digit year adds 1900.
    static func fullYear(_ value: Int, digits: Int) -> Int {
        switch digits {
        case 1, 2: return value < 50 ? 2000 + value : 1900 + value
        case 3: return 1900 + value
        default: return value
        }
    }
}
