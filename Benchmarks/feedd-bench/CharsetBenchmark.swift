import FeedParser
import Foundation

/// Issue 11's bound on legacy encodings: a body of 16 MiB of bytes its charset rejects parses in
/// under a second, in every charset iconv converts for feedd. Each byte becomes U+FFFD, so the text
/// libxml2 reads is 48 MiB.
enum CharsetBenchmark {
    static let invalidBytes = 16 << 20
    static let targetSeconds = 1.0

    /// Each charset with a byte it does not define (KOI8-R and Windows-1256 define all 256, so their
    /// body is 16 MiB of valid high bytes).
    static let charsets: [(name: String, byte: UInt8)] = [
        ("Shift_JIS", 0xFF), ("EUC-JP", 0xFF), ("EUC-KR", 0xFF), ("GB2312", 0xFF), ("GBK", 0xFF), ("Big5", 0xFF),
        ("KOI8-R", 0xFF), ("TIS-620", 0xFF), ("windows-1250", 0x81), ("windows-1251", 0x98), ("windows-1253", 0xFF),
        ("windows-1254", 0x81), ("windows-1255", 0xFF), ("windows-1256", 0xFF), ("windows-1257", 0x81),
        ("windows-1258", 0x81), ("UTF-32LE", 0xFF), ("ISO-2022-JP", 0xFF),
    ]

    /// Items whose titles hold the invalid bytes, this many bytes each (one text node of 48 MiB would
    /// be over libxml2's own limit for a text node).
    static let bytesPerTitle = 64 << 10

    /// An RSS feed declaring `name` whose item titles are `invalidBytes` of `byte` in all.
    static func document(_ name: String, byte: UInt8) -> Data {
        let wide = name.hasPrefix("UTF-32")
        func encoded(_ text: String) -> Data {
            wide ? Data(text.unicodeScalars.flatMap { [UInt8($0.value), 0, 0, 0] }) : Data(text.utf8)
        }
        var data = encoded("<?xml version=\"1.0\" encoding=\"\(wide ? "UTF-32" : name)\"?>\n<rss version=\"2.0\"><channel><title>T</title>\n")
        data.reserveCapacity(invalidBytes + invalidBytes / 16)
        let title = Data(repeating: byte, count: bytesPerTitle)
        for _ in 0..<(invalidBytes / bytesPerTitle) {
            data.append(encoded("<item><title>"))
            data.append(title)
            data.append(encoded("</title></item>\n"))
        }
        data.append(encoded("</channel></rss>\n"))
        return data
    }

    static func run() -> Bool {
        var allWithin = true
        for charset in charsets {
            let data = document(charset.name, byte: charset.byte)
            var outcome = ""
            let seconds = Timing.seconds {
                do {
                    let feed = try FeedParser.parse(data)
                    outcome = "\(feed.entries.count) items; " + (feed.warnings.first ?? "no warning")
                } catch {
                    outcome = "error: \(error)"
                }
            }
            if seconds >= targetSeconds { allWithin = false }
            print("charsets: \(charset.name): 16 MiB of 0x\(String(charset.byte, radix: 16, uppercase: true)) in \(Timing.format(seconds, decimals: 3)) s (\(outcome))")
        }
        print("charsets: every charset under \(Timing.format(targetSeconds, decimals: 0)) s: \(allWithin ? "yes" : "NO")")
        return true
    }
}
