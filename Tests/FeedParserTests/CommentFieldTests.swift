import Foundation
import Testing
import FeedModel
import FeedParser
import TestSupport

/// The fields that lead to per-article comment feeds: `wfw:commentRss`, `slash:comments`, RSS
/// `<comments>`, Atom `rel="replies"` with `thr:count`, and `thr:total`.
@Suite struct CommentFieldTests {
    @Test func wordPressItemsNameTheirCommentFeedAndCount() throws {
        let feed = try TestFeeds.parse(try Fixtures.data("seed/feed.xml"), baseURL: "https://www.it-boltwise.de/feed")
        let first = try #require(feed.entries.first)
        #expect(first.commentsFeedURL == "https://www.it-boltwise.de/neue-verhandlungsrunde-zwischen-usa-und-ukraine-hoffnung-auf-friedensgespraeche.html/feed")
        #expect(first.commentsURL == "https://www.it-boltwise.de/neue-verhandlungsrunde-zwischen-usa-und-ukraine-hoffnung-auf-friedensgespraeche.html#respond")
        #expect(first.commentCount == 2)
        #expect(feed.entries.count == 3)
    }

    @Test func wordPressCommentFeedEntriesKeepTheirGuidsAndAuthors() throws {
        let feed = try TestFeeds.parse(try Fixtures.data("seed/comments-2.xml"))
        #expect(feed.entries.count == 3)
        #expect(feed.entries.allSatisfy { $0.guid?.hasPrefix("https://www.it-boltwise.de/?p=139482#comment-") == true })
        #expect(feed.entries.allSatisfy { !$0.authors.isEmpty })
    }

    @Test func atomRepliesLinkGivesTheCommentFeedAndThreadCount() throws {
        let data = Data("""
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0"><title>t</title>
            <entry><id>1</id><link rel="replies" type="application/atom+xml" href="/c.atom" thr:count="4"/>
            <link rel="replies" type="text/html" href="/post#comments"/></entry></feed>
            """.utf8)
        let entry = try #require(try TestFeeds.parse(data).entries.first)
        #expect(entry.commentsFeedURL == "https://example.org/c.atom")
        #expect(entry.commentsURL == "https://example.org/post#comments")
        #expect(entry.commentCount == 4)
    }

    @Test func threadTotalOverridesNothingButFillsTheCount() throws {
        let data = Data("""
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0"><title>t</title>
            <entry><id>1</id><thr:total>17</thr:total></entry></feed>
            """.utf8)
        #expect(try TestFeeds.parse(data).entries.first?.commentCount == 17)
    }

    @Test func updateIntervalComesFromTTLOrTheSyndicationModule() throws {
        let ttl = TestFeeds.rss(items: "", channel: "<title>t</title><ttl>90</ttl>")
        #expect(try TestFeeds.parse(ttl).updateInterval == 5400)
        let sy = TestFeeds.rss(items: "", channel: "<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>",
                               namespaces: "xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"")
        #expect(try TestFeeds.parse(sy).updateInterval == 21_600)
    }
}
