import Foundation

/// When a digest hook's period ends: every fixed interval, or once a day at a local time.
///
/// Interval periods are aligned to the Unix epoch (`1h` ends on every whole UTC hour), so every
/// process on one store, and every restart, agrees where a period begins without storing it.
/// Daily periods begin at `hour:minute` in `timeZone` — the daemon passes the process's local
/// zone (`TZ`, else `/etc/localtime`), so `"daily 08:00"` means eight o'clock where the host is.
public enum DigestSchedule: Sendable, Hashable {
    /// Periods of this many seconds (at least one).
    case every(seconds: Int64)
    /// One period per day, starting at this local time.
    case daily(hour: Int, minute: Int, timeZone: TimeZone)

    /// The start of the period that holds `date`: the latest boundary at or before it.
    public func periodStart(containing date: Date) -> Date {
        switch self {
        case .every(let seconds):
            let length = Double(max(seconds, 1))
            return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / length).rounded(.down) * length)
        case .daily(let hour, let minute, let timeZone):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let today = dailyBoundary(on: date, hour: hour, minute: minute, calendar: calendar)
            if let today, today <= date { return today }
            let yesterday = calendar.date(byAdding: .day, value: -1, to: date).flatMap {
                dailyBoundary(on: $0, hour: hour, minute: minute, calendar: calendar)
            }
            // A calendar that cannot build the time (it never fails for the Gregorian one) falls
            // back to a plain day, so a digest is never held forever.
            return yesterday ?? date.addingTimeInterval(-86_400)
        }
    }

    /// The end of the period that holds `date`: the first boundary after it.
    public func nextBoundary(after date: Date) -> Date {
        let start = periodStart(containing: date)
        switch self {
        case .every(let seconds):
            return start.addingTimeInterval(Double(max(seconds, 1)))
        case .daily(let hour, let minute, let timeZone):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            // Ask for the boundary a little over a day on, then step back if the day was short:
            // the next boundary is the first one after `date`.
            for days in 1...2 {
                if let day = calendar.date(byAdding: .day, value: days, to: start),
                   let next = dailyBoundary(on: day, hour: hour, minute: minute, calendar: calendar), next > date {
                    return next
                }
            }
            return start.addingTimeInterval(86_400)
        }
    }

    /// `hour:minute` on the calendar day of `date`.
    private func dailyBoundary(on date: Date, hour: Int, minute: Int, calendar: Calendar) -> Date? {
        var parts = calendar.dateComponents([.year, .month, .day], from: date)
        parts.hour = hour
        parts.minute = minute
        parts.second = 0
        return calendar.date(from: parts)
    }

    /// Reads `"1h"`-style durations through `duration` (the config's own parser) or `"daily HH:MM"`.
    public static func parse(_ text: String, timeZone: TimeZone,
                             duration: (String) -> Duration?) -> DigestSchedule? {
        if text.hasPrefix("daily ") {
            let time = text.dropFirst("daily ".count).split(separator: ":", omittingEmptySubsequences: false)
            guard time.count == 2, time.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
                  let hour = Int(time[0]), let minute = Int(time[1]),
                  (0...23).contains(hour), (0...59).contains(minute) else { return nil }
            return .daily(hour: hour, minute: minute, timeZone: timeZone)
        }
        guard let length = duration(text), length.components.seconds >= 1 else { return nil }
        return .every(seconds: length.components.seconds)
    }
}
