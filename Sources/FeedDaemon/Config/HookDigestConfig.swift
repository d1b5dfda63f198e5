import FeedNotifier
import Foundation

/// `digest = "1h"` or `digest = "daily 08:00"` on a `[[hook]]`: collect the hook's events and send
/// one message per period instead of one per item.
///
/// A daily time is read in the process's local time zone (`TZ`, else `/etc/localtime`); the
/// README says so, as a host in UTC would otherwise surprise a reader of "08:00".
enum HookDigestConfig {
    static let key = "digest"

    /// The schedule of `section`'s `digest`, `nil` when absent or wrong (the problem is reported).
    static func read(_ section: ConfigSection, timeZone: TimeZone = .current) -> DigestSchedule? {
        guard let node = section.entry(key)?.node else { return nil }
        guard case .string(let text) = node.value, text.hasPrefix("daily ") else {
            return section.duration(key, in: ConfigLimits.digestPeriod).map { .every(seconds: $0.components.seconds) }
        }
        guard let schedule = DigestSchedule.parse(text, timeZone: timeZone, duration: { _ in nil }) else {
            section.report(key, line: node.position.line, "invalid daily time \"\(ConfigSection.escaped(text))\" "
                + "(use \"daily HH:MM\", 24-hour local time, e.g. \"daily 08:00\")")
            return nil
        }
        return schedule
    }
}
