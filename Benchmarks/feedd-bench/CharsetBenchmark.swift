import FeedParser
import Foundation

/// Issue 11's bound on legacy encodings: a body of 16 MiB of bytes its charset rejects parses in
/// under a second, in every charset iconv converts for feedd. Each byte becomes U+FFFD, so the text
/// libxml2 reads is 48 MiB.
enum CharsetBenchmark {
    static let invalidBytes = 16 << 20
    static let targetSeconds = 1.0

    /// Each charset with bytes it does not define (KOI8-R and Windows-1256 define all 256, so their
    /// body is 16 MiB of valid high bytes). The first byte fills the uniform body; all of them, in a
    /// pseudo-random order, the mixed one, which no shortcut for runs of one byte helps with. Each mix
    /// is rejected byte by byte by glibc's iconv, except Big5's: 0xFE 0xFE is a Big5-HKSCS character
    /// (2% of that body), and a lead byte (EUC-JP's 0x8E) is rejected only for the byte after it.
    static let charsets: [(name: String, bytes: [UInt8])] = [
        ("Shift_JIS", [0xFF, 0xFD, 0xFE, 0x80, 0xA0]), ("EUC-JP", [0xFF, 0x8E]), ("EUC-KR", [0xFF, 0x80, 0xC9, 0xFE]),
        ("GB2312", [0xFF, 0x80]), ("GBK", [0xFF, 0x80]), ("Big5", [0xFF, 0xFE]),
        ("KOI8-R", [0xFF, 0x80, 0xC1]), ("TIS-620", [0xFF, 0xDB, 0xFC]), ("windows-1250", [0x81, 0x83, 0x88, 0x90]),
        ("windows-1251", [0x98]), ("windows-1253", [0xFF, 0x81, 0xAA, 0xD2]), ("windows-1254", [0x81, 0x8D, 0x90]),
        ("windows-1255", [0xFF, 0xD9, 0xFB, 0xFC]), ("windows-1256", [0xFF, 0x81]), ("windows-1257", [0x81, 0x83, 0x88]),
        ("windows-1258", [0x81, 0x8A, 0x90]), ("UTF-32LE", [0xFF, 0xFE]), ("ISO-2022-JP", [0xFF, 0x80, 0xA0]),
    ]

    /// The byte at `index` of a mixed body: a hash of the index picks one of `bytes`, so the body has no period.
    static func mixedByte(_ bytes: [UInt8], _ index: Int) -> UInt8 {
        var x = UInt64(index) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return bytes[Int(x % UInt64(bytes.count))]
    }

    /// Items whose titles hold the invalid bytes, this many bytes each (one text node of 48 MiB would
    /// be over libxml2's own limit for a text node).
    static let bytesPerTitle = 64 << 10

    /// An RSS feed declaring `name` whose item titles are `invalidBytes` of `bytes` in all: the first
    /// one only, or all of them mixed.
    static func document(_ name: String, bytes: [UInt8], mixed: Bool) -> Data {
        let wide = name.hasPrefix("UTF-32")
        func encoded(_ text: String) -> Data {
            wide ? Data(text.unicodeScalars.flatMap { [UInt8($0.value), 0, 0, 0] }) : Data(text.utf8)
        }
        var data = encoded("<?xml version=\"1.0\" encoding=\"\(wide ? "UTF-32" : name)\"?>\n<rss version=\"2.0\"><channel><title>T</title>\n")
        data.reserveCapacity(invalidBytes + invalidBytes / 16)
        // A UTF-32 unit is four bytes of one value, so each unit is invalid whatever the mix.
        let unit = wide ? 4 : 1
        for item in 0..<(invalidBytes / bytesPerTitle) {
            data.append(encoded("<item><title>"))
            data.append(contentsOf: (0..<bytesPerTitle).map { offset in
                mixed ? mixedByte(bytes, (item * bytesPerTitle + offset) / unit) : bytes[0]
            })
            data.append(encoded("</title></item>\n"))
        }
        data.append(encoded("</channel></rss>\n"))
        return data
    }

    /// CPU seconds this thread has used; the machine is shared, so CPU time is the steadier figure.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func run() -> Bool {
        var allWithin = true
        for mixed in [false, true] {
            for charset in charsets {
                let data = document(charset.name, bytes: charset.bytes, mixed: mixed)
                var outcome = ""
                let cpuBefore = threadCPUSeconds()
                let seconds = Timing.seconds {
                    do {
                        let feed = try FeedParser.parse(data)
                        outcome = "\(feed.entries.count) items; " + (feed.warnings.first ?? "no warning")
                    } catch {
                        outcome = "error: \(error)"
                    }
                }
                let cpu = threadCPUSeconds() - cpuBefore
                if seconds >= targetSeconds { allWithin = false }
                let what = mixed
                    ? "mixed " + charset.bytes.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: "/")
                    : "0x" + String(charset.bytes[0], radix: 16, uppercase: true)
                print("charsets: \(charset.name): 16 MiB of \(what) in \(Timing.format(seconds, decimals: 3)) s, "
                      + "\(Timing.format(cpu, decimals: 3)) s CPU (\(outcome))")
            }
        }
        print("charsets: every charset under \(Timing.format(targetSeconds, decimals: 0)) s: \(allWithin ? "yes" : "NO")")
        return true
    }
}
