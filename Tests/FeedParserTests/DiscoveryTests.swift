import Foundation
import Testing
import TestSupport
@testable import FeedParser

private func discover(_ fixture: String, base: String) throws -> [DiscoveredFeed] {
    FeedDiscovery.discover(html: try Fixtures.data(fixture), baseURL: base)
}

private func discover(html: String, base: String = "https://example.org/page") -> [DiscoveredFeed] {
    FeedDiscovery.discover(html: Data(html.utf8), baseURL: base)
}

@Test func wordPressArticleAdvertisesSiteFeedSiteCommentsAndItsOwnCommentFeedInOrder() throws {
    let page = "https://www.it-boltwise.de/neue-verhandlungsrunde-zwischen-usa-und-ukraine-hoffnung-auf-friedensgespraeche.html"
    let feeds = try discover("seed/article.html", base: page)
    #expect(feeds.map(\.url) == [
        "https://www.it-boltwise.de/feed",
        "https://www.it-boltwise.de/comments/feed",
        "https://www.it-boltwise.de/neue-verhandlungsrunde-zwischen-usa-und-ukraine-hoffnung-auf-friedensgespraeche.html/feed",
    ])
    #expect(feeds.first?.title == "IT BOLTWISE® x Artificial Intelligence » Feed")
    #expect(feeds.allSatisfy { $0.type == "application/rss+xml" })
}

@Test func relativeLinksResolveAgainstThePageAndDuplicatesAreDropped() throws {
    let feeds = try discover("discovery/relative-links.html", base: "https://blog.example.org/posts/hello/")
    #expect(feeds == [
        DiscoveredFeed(url: "https://blog.example.org/feed.atom", title: "Posts (Atom)", type: "application/atom+xml"),
        DiscoveredFeed(url: "https://blog.example.org/posts/hello/feed.rss", title: nil, type: "application/rss+xml"),
        DiscoveredFeed(url: "https://blog.example.org/posts/feed.json", title: nil, type: "application/feed+json"),
    ])
}

@Test func baseHrefWinsOverThePageURL() throws {
    let feeds = try discover("discovery/base-href.html", base: "https://www.example.org/")
    #expect(feeds.map(\.url) == ["https://cdn.example.net/blog/rss.xml"])
}

@Test func relativeBaseHrefResolvesAgainstThePageURL() {
    let feeds = discover(html: #"<html><head><base href="/blog/"><link rel="alternate" type="application/rss+xml" href="feed"></head></html>"#,
                         base: "https://www.example.org/a/b")
    #expect(feeds.map(\.url) == ["https://www.example.org/blog/feed"])
}

@Test func pageWithoutFeedLinksGivesNothing() throws {
    #expect(try discover("discovery/no-feeds.html", base: "https://example.org/").isEmpty)
}

@Test func upperCaseTagsAttributesAndTypesAreRead() throws {
    let feeds = try discover("discovery/uppercase.html", base: "http://old.example.com/index.html")
    #expect(feeds.map(\.url) == ["http://old.example.com/news.rdf", "http://old.example.com/atom.xml"])
    #expect(feeds.first?.title == "News")
}

@Test func relTokenListNeedsAlternate() {
    let feeds = discover(html: """
        <!DOCTYPE html><html><head>
        <link rel="feed" type="application/rss+xml" href="/a">
        <link rel="ALTERNATE   Feed" type="application/rss+xml" href="/b">
        <link rel="alternates" type="application/rss+xml" href="/c">
        </head></html>
        """)
    #expect(feeds.map(\.url) == ["https://example.org/b"])
}

@Test func feedLinksAfterHTML5ElementsAreFound() {
    let feeds = discover(html: """
        <!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
        <header><nav><svg><use href="#i"/></svg></nav></header>
        <main><article><section><template><p>x</p></template></section></article></main>
        <footer><link rel="alternate" type="application/atom+xml" href="/late.atom"></footer>
        </body></html>
        """)
    #expect(feeds.map(\.url) == ["https://example.org/late.atom"])
}

@Test func brokenOrEmptyPagesGiveNothingWithoutCrashing() {
    #expect(discover(html: "").isEmpty)
    #expect(discover(html: "<html><head><link rel=alternate type=application/rss+xml href=").isEmpty)
    #expect(discover(html: String(repeating: "<div>", count: 20_000)).isEmpty)
}

@Test func unquotedAttributesAreRead() {
    let feeds = discover(html: "<html><head><link rel=alternate type=application/rss+xml href=/rss></head></html>")
    #expect(feeds.map(\.url) == ["https://example.org/rss"])
}

@Test func htmlIsRecognisedByItsFirstTag() {
    #expect(FeedDiscovery.looksLikeHTML(Data("<!DOCTYPE html>\n<html>".utf8)))
    #expect(FeedDiscovery.looksLikeHTML(Data("\u{FEFF}  \n<!doctype HTML>".utf8)))
    #expect(FeedDiscovery.looksLikeHTML(Data("<HTML lang=en>".utf8)))
    #expect(FeedDiscovery.looksLikeHTML(Data("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">".utf8)))
}

@Test func feedsAreNotMistakenForHTML() {
    #expect(!FeedDiscovery.looksLikeHTML(Data(#"<?xml version="1.0"?><rss version="2.0">"#.utf8)))
    #expect(!FeedDiscovery.looksLikeHTML(Data("<feed xmlns=\"http://www.w3.org/2005/Atom\">".utf8)))
    #expect(!FeedDiscovery.looksLikeHTML(Data(#"{"version": "https://jsonfeed.org/version/1.1"}"#.utf8)))
    #expect(!FeedDiscovery.looksLikeHTML(Data()))
    #expect(!FeedDiscovery.looksLikeHTML(Data("<htm".utf8)))
}
