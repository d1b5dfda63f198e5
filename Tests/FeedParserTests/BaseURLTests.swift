import Foundation
import Testing
import FeedModel
import FeedParser

/// Relative references resolve against `xml:base` (stacked per element), then the feed's URL.
@Suite struct BaseURLTests {
    static func atom(_ body: String, feedBase: String = "") -> Data {
        Data("<feed xmlns=\"http://www.w3.org/2005/Atom\" \(feedBase)><title>t</title>\(body)</feed>".utf8)
    }

    @Test func relativeLinkResolvesAgainstTheFeedURL() throws {
        let feed = try TestFeeds.parse(Self.atom("<entry><id>1</id><link href=\"../post\"/></entry>"), baseURL: "https://example.org/blog/feed/")
        #expect(feed.entries.first?.url == "https://example.org/blog/post")
    }

    @Test func nestedXMLBaseStacksOnTheOuterOne() throws {
        let data = Self.atom("<entry xml:base=\"2024/\"><id>1</id><link xml:base=\"05/\" href=\"post.html\"/></entry>",
                             feedBase: "xml:base=\"https://base.example.com/blog/\"")
        #expect(try TestFeeds.parse(data).entries.first?.url == "https://base.example.com/blog/2024/05/post.html")
    }

    @Test func relativeXMLBaseResolvesAgainstTheFeedURL() throws {
        let data = Self.atom("<entry xml:base=\"/archive/\"><id>1</id><link href=\"post\"/></entry>")
        #expect(try TestFeeds.parse(data, baseURL: "https://example.org/feed/").entries.first?.url == "https://example.org/archive/post")
    }

    @Test func withoutAnyBaseRelativeLinksStayAsWritten() throws {
        let feed = try TestFeeds.parse(Self.atom("<entry><id>1</id><link href=\"post\"/></entry>"), baseURL: nil)
        #expect(feed.entries.first?.url == "post")
    }

    @Test func rssLinksAndEnclosuresResolveToo() throws {
        let data = TestFeeds.rss(items: "<item><link>a/b</link><enclosure url=\"/e.mp3\" type=\"audio/mpeg\"/></item>")
        let entry = try #require(try TestFeeds.parse(data, baseURL: "https://example.org/x/feed").entries.first)
        #expect(entry.url == "https://example.org/x/a/b")
        #expect(entry.enclosures.map(\.url) == ["https://example.org/e.mp3"])
    }

    @Test func xhtmlContentLinksResolveAgainstTheirBase() throws {
        let data = Self.atom("""
            <entry><id>1</id><content type="xhtml" xml:base="https://cdn.example.net/a/"><div xmlns="http://www.w3.org/1999/xhtml"><a href="b.html">b</a></div></content></entry>
            """)
        #expect(try TestFeeds.parse(data).entries.first?.contentHTML == "<a href=\"https://cdn.example.net/a/b.html\">b</a>")
    }
}
