import Testing
@testable import FeedParser

/// HTML summaries reduced to plain text in one pass over their bytes.
@Suite struct PlainTextTests {
    @Test func tagsBecomeSpacesAndWhitespaceCollapses() {
        #expect(HTMLText.plainText("  <p>Hello\n\t<b>big</b>   world</p>  ") == "Hello big world")
    }

    @Test func referencesDecodeToCharactersOfEveryLength() {
        #expect(HTMLText.plainText("a&amp;b &le; &#x1F600;&#128512; &auml;&#9;x &#65;") == "a&b ≤ 😀😀 ä x A")
    }

    @Test func referenceInterruptedByATagOrTooLongStaysText() {
        #expect(HTMLText.plainText("&am<b>p; &amp") == "&am p; &amp")
        #expect(HTMLText.plainText("&" + String(repeating: "a", count: 40) + ";") == "&" + String(repeating: "a", count: 40) + ";")
    }

    @Test func decodedMarkupIsNotReadAsTags() {
        #expect(HTMLText.plainText("&lt;b&gt;bold&lt;/b&gt;") == "<b>bold</b>")
    }

    @Test func unknownAndInvalidReferencesStayAsWritten() {
        #expect(HTMLText.plainText("&bogus; &#xD800; &#; &;") == "&bogus; &#xD800; &#; &;")
    }
}
