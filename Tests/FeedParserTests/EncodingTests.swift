import Foundation
import Testing
import FeedModel
import FeedParser

/// Encodings are decided by BOM, then an XML media type's charset (RFC 7303), then the declaration.
@Suite struct EncodingTests {
    static func document(_ declaration: String, title: String) -> String {
        "<?xml version=\"1.0\" encoding=\"\(declaration)\"?><rss version=\"2.0\"><channel><title>\(title)</title></channel></rss>"
    }

    @Test func isoLatin1IsReadAsWindows1252SoTheEuroSignSurvives() throws {
        let bytes = Array(Self.document("ISO-8859-1", title: "M\u{FC}nchen \u{80} Wei\u{DF}en").unicodeScalars.map { UInt8($0.value) })
        let feed = try TestFeeds.parse(Data(bytes))
        #expect(feed.title == "München € Weißen")
    }

    @Test func windows1252SmartQuotesBecomeUnicodeQuotes() throws {
        var bytes = Array(Self.document("windows-1252", title: "X").utf8)
        let index = bytes.firstIndex(of: UInt8(ascii: "X"))!
        bytes.replaceSubrange(index...index, with: [0x93, 0x48, 0x69, 0x94, 0x20, 0x96])
        #expect(try TestFeeds.parse(Data(bytes)).title == "\u{201C}Hi\u{201D} \u{2013}")
    }

    @Test func charsetOfAnXMLContentTypeWinsOverTheDeclaration() throws {
        let data = Data(Self.document("ISO-8859-1", title: "Köln").utf8)
        #expect(try TestFeeds.parse(data, contentType: "application/atom+xml; charset=utf-8").title == "Köln")
        #expect(try TestFeeds.parse(data).title == "KÃ¶ln")
    }

    @Test func charsetOfANonXMLContentTypeIsIgnored() throws {
        let data = Data(Self.document("UTF-8", title: "Köln").utf8)
        #expect(try TestFeeds.parse(data, contentType: "text/html; charset=iso-8859-1").title == "Köln")
    }

    @Test func byteOrderMarkWinsOverTheContentTypeCharset() throws {
        let data = Data([0xEF, 0xBB, 0xBF] + Array(Self.document("UTF-8", title: "Köln").utf8))
        #expect(try TestFeeds.parse(data, contentType: "text/xml; charset=iso-8859-1").title == "Köln")
    }

    @Test(arguments: [true, false])
    func utf16InBothByteOrdersIsReadWithOrWithoutBOM(bigEndian: Bool) throws {
        let text = Self.document("UTF-16", title: "Grüße 😀")
        var bytes: [UInt8] = []
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        #expect(try TestFeeds.parse(Data(bytes)).title == "Grüße 😀")
        let mark: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        #expect(try TestFeeds.parse(Data(mark + bytes)).title == "Grüße 😀")
    }

    @Test func invalidUTF8BecomesReplacementCharactersAndAWarning() throws {
        let data = Data(Array("<rss version=\"2.0\"><channel><title>a".utf8) + [0xFF, 0xC3] + Array("b</title></channel></rss>".utf8))
        let feed = try TestFeeds.parse(data)
        #expect(feed.title == "a\u{FFFD}\u{FFFD}b")
        #expect(feed.warnings.contains("replaced 2 invalid UTF-8 bytes with U+FFFD"))
    }

    @Test func unknownEncodingIsAClearError() {
        let data = Data(Self.document("X-MARTIAN", title: "t").utf8)
        #expect(TestFeeds.error(data)?.description == "parse: unsupported encoding \"X-MARTIAN\"")
    }

    @Test func invalidShiftJISBytesBecomeReplacementCharactersAndAWarning() throws {
        let data = Data(Array("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><rss version=\"2.0\"><channel><title>a".utf8)
                        + [0xFF, 0xFF] + Array("b</title></channel></rss>".utf8))
        let feed = try TestFeeds.parse(data)
        #expect(feed.title == "a\u{FFFD}\u{FFFD}b")
        #expect(feed.warnings.contains("replaced 2 invalid Shift_JIS bytes with U+FFFD"))
    }

    /// The linear-time guarantee is measured by `feedd-bench charsets`; this only shows a large body of
    /// invalid bytes is read to its end, every byte replaced.
    @Test(arguments: ["Shift_JIS", "EUC-KR", "Big5", "windows-1253"])
    func oneMebibyteOfInvalidBytesIsReadToTheEnd(charset: String) throws {
        let invalid = [UInt8](repeating: charset == "windows-1253" ? 0xAA : 0xFF, count: 1 << 20)
        let data = Data(Array("<?xml version=\"1.0\" encoding=\"\(charset)\"?><rss version=\"2.0\"><channel><title>T</title><item><title>".utf8)
                        + invalid + Array("</title></item></channel></rss>".utf8))
        let feed = try TestFeeds.parse(data)
        #expect(feed.entries.first?.title?.unicodeScalars.count == 1 << 20)
        #expect(feed.warnings.contains("replaced \(1 << 20) invalid \(charset) bytes with U+FFFD"))
    }

    @Test func anIconvOptionSuffixInTheLabelIsRefused() {
        let data = Data(Self.document("UTF-8//IGNORE", title: "t").utf8)
        #expect(TestFeeds.error(data)?.description == "parse: unsupported encoding \"UTF-8//IGNORE\"")
    }
}
