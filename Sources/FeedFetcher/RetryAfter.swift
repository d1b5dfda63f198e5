import Foundation

/// `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date, turned into "not before".
enum RetryAfter {
    /// The moment the server allows the next request, or nil when the value is neither form.
    static func parse(_ value: String, now: Date = Date()) -> Date? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber) {
            guard let seconds = Int(trimmed) else { return nil }
            return now.addingTimeInterval(TimeInterval(seconds))
        }
        return HTTPDate.parse(trimmed)
    }
}
