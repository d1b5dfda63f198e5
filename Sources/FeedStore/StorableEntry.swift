import FeedModel
import Foundation

/// An entry reduced to values the store can hold, and what had to go.
///
/// Why: one item with `<itunes:duration>inf</itunes:duration>` or a date in the year 10^300
/// made the whole ingest fail (JSON has no infinity; a date that far out cannot be written as
/// RFC 3339 nor become an identity), so no item of its feed was stored. A value the store cannot
/// hold is dropped from its item, with a warning; the item and the rest of the feed are stored.
package struct StorableEntry {
    /// The earliest date stored: 0001-01-01T00:00:00Z, in seconds since 1970 (RFC 3339 has four-digit years).
    static let earliestDate = Date(timeIntervalSince1970: -62_135_596_800)
    /// The latest date stored: 9999-12-31T23:59:59Z, in seconds since 1970.
    static let latestDate = Date(timeIntervalSince1970: 253_402_300_799)

    package var entry: Entry
    /// The fields dropped, each with the value it had (`published (inf)`); empty for nearly every entry.
    package var dropped: [String] = []

    package init(_ entry: Entry) {
        self.entry = entry
        if let published = entry.published, !Self.isStorable(published) {
            self.entry.published = nil
            dropped.append("published (\(published.timeIntervalSince1970) s since 1970)")
        }
        if let modified = entry.modified, !Self.isStorable(modified) {
            self.entry.modified = nil
            dropped.append("modified (\(modified.timeIntervalSince1970) s since 1970)")
        }
        for index in entry.enclosures.indices {
            if let duration = entry.enclosures[index].durationSeconds, !duration.isFinite {
                self.entry.enclosures[index].durationSeconds = nil
                dropped.append("duration of enclosure \(entry.enclosures[index].url) (\(duration))")
            }
        }
    }

    /// The entry its identity key is computed from: the entry as parsed whenever its date can
    /// enter the content fingerprint, so that the frozen key of a stored item dated after the
    /// year 9999 stays what it was; the storable entry only where the date cannot be written at all.
    package func identitySource(parsed: Entry) -> Entry {
        guard let published = parsed.published else { return parsed }
        let seconds = published.timeIntervalSince1970
        return seconds.isFinite && abs(seconds) < Self.largestFingerprintedSeconds ? parsed : entry
    }

    /// Beyond this many seconds from 1970 a date cannot be written as a whole number of seconds (`Int64`).
    static let largestFingerprintedSeconds = 9.2e18

    /// A date inside the range RFC 3339 can write; NaN and the infinities are not.
    static func isStorable(_ date: Date) -> Bool {
        let seconds = date.timeIntervalSince1970
        return seconds >= earliestDate.timeIntervalSince1970 && seconds <= latestDate.timeIntervalSince1970
    }
}
