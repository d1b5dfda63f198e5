import FeedModel
import Foundation

/// Reads the dates feeds carry: RFC 822/1123 and the variants real feeds write, RFC 3339 / ISO 8601,
/// W3C-DTF with reduced precision, and `asctime` output.
///
/// Written by hand over UTF-8 bytes rather than with `DateFormatter`, which is slow, locale-bound and
/// needs one format string per variant. Pure: the same text always gives the same instant, and text
/// it cannot read gives `nil`, never "now".
public enum DateParser {
    /// Longer text is not a date; the bound keeps hostile input cheap.
    static let maxLengthBytes = 256

    /// The instant `text` names, or `nil` when it is not a date this parser can read with certainty.
    ///
    /// A missing time zone means UTC. Weekday names are skipped, never checked against the date:
    /// feeds get them wrong often enough that trusting the numbers is the better guess.
    public static func parse(_ text: String) -> Date? {
        guard text.utf8.count <= maxLengthBytes else { return nil }
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var scanner = DateScanner(bytes: bytes)
        scanner.trimSpaces()
        guard !scanner.atEnd else { return nil }
        let fields = scanner.startsWithISOYear ? readISO8601(&scanner) : readRFC822(&scanner)
        return fields?.instant()
    }
}
