import Foundation
import Testing
import FeedModel
import FeedParser

/// HTML named entities that feeds use without declaring them, numeric references and bare ampersands.
@Suite struct EntityTests {
    static func title(_ markup: String) throws -> String? {
        try TestFeeds.parse(Data("<rss version=\"2.0\"><channel><title>\(markup)</title></channel></rss>".utf8)).title
    }

    @Test func undeclaredHTMLEntitiesDecodeToTheirCharacters() throws {
        #expect(try Self.title("a&nbsp;b &auml; &hellip; &eacute;&mdash;&euro;") == "a\u{A0}b ä … é—€")
    }

    @Test func theFiveXMLEntitiesAreUntouched() throws {
        #expect(try Self.title("&lt;&gt;&amp;&quot;&apos;") == "<>&\"'")
    }

    @Test func numericReferencesDecodeAndWindows1252NumbersAreMapped() throws {
        #expect(try Self.title("&#8220;x&#x201D; &#150; &#128;") == "“x” – €")
    }

    @Test func referencesToForbiddenCharactersBecomeReplacementCharacters() throws {
        #expect(try Self.title("a&#0;b&#xD800;c") == "a\u{FFFD}b\u{FFFD}c")
    }

    @Test func bareAmpersandIsKeptAsText() throws {
        let feed = try TestFeeds.parse(Data("<rss version=\"2.0\"><channel><title>Tom & Jerry &amp; Co &</title></channel></rss>".utf8))
        #expect(feed.title == "Tom & Jerry & Co &")
        #expect(feed.warnings.contains("escaped 2 '&' that started no entity reference"))
    }

    @Test func unknownEntityNameIsKeptAsTextWithAWarning() throws {
        let feed = try TestFeeds.parse(Data("<rss version=\"2.0\"><channel><title>&bogus;</title></channel></rss>".utf8))
        #expect(feed.title == "&bogus;")
        #expect(feed.warnings.contains("unknown entity &bogus; kept as text"))
    }

    @Test func entitiesInsideCDATAStayLiteral() throws {
        #expect(try Self.title("<![CDATA[&nbsp; & &amp;]]>") == "&nbsp; & &amp;")
    }

    @Test func entityDeclaredByTheDocumentIsExpandedNotRewritten() throws {
        let data = Data("""
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY nbsp "[own]"><!ENTITY co "ACME &#38;#38; Co">]>
            <rss version="2.0"><channel><title>&nbsp;&co;</title></channel></rss>
            """.utf8)
        #expect(try TestFeeds.parse(data).title == "[own]ACME & Co")
    }

    @Test func htmlTitleOfAtomIsReducedToText() throws {
        let data = Data("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title type="html">&lt;b&gt;Caf&amp;eacute;&lt;/b&gt; &amp;amp; bar</title></feed>
            """.utf8)
        #expect(try TestFeeds.parse(data).title == "Café & bar")
    }
}
