import Foundation
import Testing
import FeedModel
import FeedParser

/// A long run of bytes a legacy charset rejects is replaced without asking iconv byte by byte; the text
/// must come out exactly as one U+FFFD per rejected code unit, with the valid text around it intact
/// (the speed is measured by `feedd-bench charsets`).
@Suite struct InvalidByteRunTests {
    private func title(_ charset: String, _ titleBytes: [UInt8]) throws -> String? {
        let data = Data(Array("<?xml version=\"1.0\" encoding=\"\(charset)\"?><rss version=\"2.0\"><channel><title>".utf8)
                        + titleBytes + Array("</title></channel></rss>".utf8))
        return try TestFeeds.parse(data).title
    }

    private static func replacements(_ count: Int) -> String { String(repeating: "\u{FFFD}", count: count) }

    @Test func aRunOfInvalidShiftJISBytesIsOneReplacementPerByteAndTheTextAfterIsKept() throws {
        // 日本 in Shift_JIS after 1,000 bytes 0xFF.
        let title = try title("Shift_JIS", [UInt8](repeating: 0xFF, count: 1000) + [0x93, 0xFA, 0x96, 0x7B])
        #expect(title == Self.replacements(1000) + "日本")
    }

    @Test func aRunOfAlternatingInvalidBytesIsOneReplacementPerByte() throws {
        let run: [UInt8] = (0..<1000).map { $0 % 2 == 0 ? 0xFD : 0xFE }
        #expect(try title("Shift_JIS", Array("a".utf8) + run + Array("b".utf8)) == "a" + Self.replacements(1000) + "b")
    }

    @Test func aRunOfInvalidUTF32UnitsIsOneReplacementPerUnit() throws {
        func utf32(_ text: String) -> [UInt8] { text.unicodeScalars.flatMap { [UInt8($0.value & 0xFF), UInt8($0.value >> 8 & 0xFF), 0, 0] } }
        let body = utf32("<?xml version=\"1.0\" encoding=\"UTF-32\"?><rss version=\"2.0\"><channel><title>a")
            + [UInt8](repeating: 0xFF, count: 4 * 300) + utf32("b</title></channel></rss>")
        #expect(try TestFeeds.parse(Data(body)).title == "a" + Self.replacements(300) + "b")
    }

    @Test func iso2022JPKeepsItsShiftStateAcrossARunOfInvalidBytes() throws {
        // ESC $ B switches to JIS X 0208: 日 (0x46 0x7C), 600 bytes 0xFF, 本 (0x4B 0x5C), ESC ( B back to ASCII.
        let bytes: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C] + [UInt8](repeating: 0xFF, count: 600)
            + [0x4B, 0x5C, 0x1B, 0x28, 0x42] + Array("x".utf8)
        #expect(try title("ISO-2022-JP", bytes) == "日" + Self.replacements(600) + "本x")
    }

    @Test func aRunCutOffByTheEndOfTheTitleLeavesTheMarkupAfterItIntact() throws {
        // The run ends just before `</title>`: fewer bytes than iconv's decision window are left in it.
        let title = try title("EUC-KR", Array("a".utf8) + [UInt8](repeating: 0xFF, count: 20))
        #expect(title == "a" + Self.replacements(20))
    }

    @Test func leadBytesBeforeBytesThatCannotFollowThemAreOneReplacementPerByte() throws {
        // EUC-JP: 0x8E (a lead byte) before 0x8E or 0xFF is rejected, 0xFF always; then 日本.
        let run: [UInt8] = (0..<999).map { $0 % 3 == 2 ? 0xFF : 0x8E } + [0xFF]
        let title = try title("EUC-JP", Array("a".utf8) + run + [0xC6, 0xFC, 0xCB, 0xDC])
        #expect(title == "a" + Self.replacements(1000) + "日本")
    }

    @Test func aLeadByteBeforeAValidTrailAfterARunStillMakesItsCharacter() throws {
        // Shift_JIS: 0xFF bytes, then 0x81 0x40 (the ideographic space) and 0x82 0xA0 (あ).
        let title = try title("Shift_JIS", [UInt8](repeating: 0xFF, count: 300) + [0x81, 0x40, 0x82, 0xA0])
        #expect(title == Self.replacements(300) + "\u{3000}あ")
    }
}
