import Foundation

/// `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date, turned into "not before".
enum RetryAfter {
    /// The longest a server may make us wait, in seconds (7 days): a larger delay-seconds or a date
    /// further ahead is obeyed only this far, so one answer cannot silence a feed for years.
    static let maximumDelay: TimeInterval = 7 * 86_400

    /// The moment the server allows the next request, at most `maximumDelay` after `now`, or nil when
    /// the value is neither form (or a date no calendar has).
    static func parse(_ value: String, now: Date = Date()) -> Date? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // Any run of digits is a valid delay; one too long for an Int is simply a very long one.
            let seconds = Int(trimmed).map(TimeInterval.init) ?? maximumDelay
            return now.addingTimeInterval(min(seconds, maximumDelay))
        }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        return min(date, now.addingTimeInterval(maximumDelay))
    }
}
