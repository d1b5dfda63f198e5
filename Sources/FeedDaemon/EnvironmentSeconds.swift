import Foundation

/// A whole number of seconds from an environment variable, within `range`: how the tuning
/// variables tests set (`FEEDD_LEASE_SECONDS`, `FEEDD_DATABASE_TIMEOUT_SECONDS`) are read. Nil when
/// unset or anything else (a fraction, a word, out of range): the caller's default then holds.
enum EnvironmentSeconds {
    static func value(_ variable: String, in range: ClosedRange<TimeInterval>,
                      environment: [String: String]) -> TimeInterval? {
        guard let text = environment[variable], let seconds = Int(text), range.contains(TimeInterval(seconds)) else {
            return nil
        }
        return TimeInterval(seconds)
    }
}
