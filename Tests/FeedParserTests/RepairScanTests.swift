import Foundation
import Testing
import FeedModel
@testable import FeedParser

/// The repair pass skips clean bytes eight at a time; what it must fix is found wherever it sits
/// relative to those words.
@Suite struct RepairScanTests {
    /// Bytes to place at each offset, with the title text that must come out.
    static let damage: [(bytes: [UInt8], expected: String)] = [
        ([0x00], ""),                       // NUL: dropped
        ([0x0B], ""),                       // vertical tab: dropped
        ([0xFF], "\u{FFFD}"),               // never valid in UTF-8
        ([0xC3], "\u{FFFD}"),               // a lead byte without its continuation
        ([0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}"),  // an encoded surrogate
        ([0xEF, 0xBF, 0xBF], ""),           // U+FFFF: dropped
        ([0xC3, 0xA4], "ä"),                // valid two bytes: kept
        ([0xE2, 0x82, 0xAC], "€"),          // valid three bytes: kept
        ([0xF0, 0x9F, 0x98, 0x80], "😀"),   // valid four bytes: kept
        ([0x0A], "\n"),                     // newline: kept
    ]

    static func title(prefix: Int, damage: [UInt8], cdata: Bool) throws -> String? {
        let head = "<rss version=\"2.0\"><channel><title>" + (cdata ? "<![CDATA[" : "")
        let tail = (cdata ? "]]>" : "") + "zz</title></channel></rss>"
        let bytes = Array(head.utf8) + Array(repeating: UInt8(ascii: "a"), count: prefix) + damage + Array(tail.utf8)
        return try TestFeeds.parse(Data(bytes)).title
    }

    @Test func damageIsRepairedAtEveryOffsetWithinAWordInTextAndCDATA() throws {
        for (bytes, expected) in Self.damage {
            for prefix in 0..<17 {
                for cdata in [false, true] {
                    let want = String(repeating: "a", count: prefix) + expected + "zz"
                    let got = try Self.title(prefix: prefix, damage: bytes, cdata: cdata)
                    #expect(got == want.trimmedOrNil, "bytes \(bytes) after \(prefix) letters, CDATA \(cdata)")
                }
            }
        }
    }

    /// The rule the word-at-a-time scan implements, one byte at a time.
    static func referenceStop(_ bytes: [UInt8], from start: Int, markup: Bool) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x80 {
                if markup && (byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<")) { return index }
                index += 1
            } else if byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if (0xC2...0xDF).contains(byte), index + 1 < bytes.count, bytes[index + 1] & 0xC0 == 0x80 {
                index += 2
            } else if (0xE0...0xEF).contains(byte), index + 2 < bytes.count,
                      bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 {
                let value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                guard value >= 0x800, !(0xD800...0xDFFF).contains(value), value < 0xFFFE else { return index }
                index += 3
            } else {
                return index
            }
        }
        return bytes.count
    }

    @Test func wordScanStopsWhereAByteByByteReadingStops() {
        // Mostly plain ASCII with a sprinkling of every kind of byte, from a fixed pseudo-random sequence.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let rare: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x26, 0x3C, 0x7F, 0x80, 0xBF, 0xC2, 0xC3, 0xDF, 0xE0, 0xE2,
                             0xED, 0xEF, 0xF0, 0xFF, 0xA4, 0xBE]
        for _ in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<64 {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                bytes.append(state % 9 == 0 ? rare[Int(state >> 8) % rare.count] : UInt8(0x20 + (state >> 16) % 0x5F))
            }
            bytes.withUnsafeBytes { raw in
                for start in 0..<bytes.count {
                    #expect(PlainByteScan.skipText(raw, from: start, to: bytes.count) == Self.referenceStop(bytes, from: start, markup: true))
                    #expect(PlainByteScan.skipLiteral(raw, from: start, to: bytes.count) == Self.referenceStop(bytes, from: start, markup: false))
                }
            }
        }
    }
}
