import FeedStore
import Foundation
import Testing
import TestSupport

/// The real `feedd run` against a loopback server: what fires a hook, and what does not.
@Suite(.serialized) struct DaemonRunTests {
    static let first = TestArticle(guid: "a1", title: "Erster Artikel", content: "<p>eins</p>")
    static let second = TestArticle(guid: "a2", title: "Zweiter Artikel", content: "<p>zwei</p>")

    @Test func newArticleInTheServedFeedFiresTheExecHookExactlyOnce() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.first]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false")
            + site.recorderTable("recorder"))
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(daemon.waitForLog("feed news <\(site.server.url("/feed"))>: fetched, 0 new, 0 updated, 1 backlog"),
                     "\(daemon.log)")

        site.server.set("/feed", TestFeed.rss(items: [Self.second, Self.first]))
        try #require(eventually { site.deliveryCount(of: "recorder") >= 1 }, "\(daemon.log)")
        // Two more completed polls of the feed, each followed by a drain of the outbox.
        let polls = daemon.lines(containing: "feed news <").count
        try #require(daemon.waitForLog("feed news <", count: polls + 2), "\(daemon.log)")

        let deliveries = try site.deliveries(of: "recorder")
        #expect(deliveries.count == 1)
        #expect(deliveries.first?.event == "new")
        #expect(deliveries.first?.item["title"] as? String == Self.second.title)
        #expect(daemon.stop() == 0)
    }

    @Test func newCommentOnAFollowedArticleFiresACommentEventNamingTheArticle() throws {
        let site = try DaemonSite()
        let comments = site.server.url("/a1/comments")
        var article = Self.first
        article.commentsFeed = comments
        site.server.set("/feed", TestFeed.rss(items: [article]))
        let early = TestArticle(guid: "c1", title: "Von: Sabine", content: "<p>Gut geschrieben.</p>")
        let late = TestArticle(guid: "c2", title: "Von: Jürgen", content: "<p>Sehe ich anders.</p>")
        site.server.set("/a1/comments", TestFeed.rss(title: "Kommentare", items: [early]))
        try site.writeConfig(site.feedTable("news", path: "/feed") + site.recorderTable("recorder"))
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(daemon.waitForLog("<\(comments)>: fetched, 0 new, 0 updated, 1 backlog"), "\(daemon.log)")

        site.server.set("/a1/comments", TestFeed.rss(title: "Kommentare", items: [late, early]))
        try #require(eventually { site.deliveryCount(of: "recorder") >= 1 }, "\(daemon.log)")
        let polls = daemon.lines(containing: "<\(comments)>: ").count
        try #require(daemon.waitForLog("<\(comments)>: ", count: polls + 1), "\(daemon.log)")

        let deliveries = try site.deliveries(of: "recorder")
        #expect(deliveries.count == 1)
        let delivery = try #require(deliveries.first)
        #expect(delivery.event == "comment")
        #expect(delivery.item["title"] as? String == late.title)
        #expect(delivery.article?["title"] as? String == Self.first.title)
        #expect(daemon.stop() == 0)
    }

    @Test func unchangedFeedFiresNothingAcrossSeveralPolls() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.second, Self.first]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false")
            + site.recorderTable("recorder"))
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("feed news <", count: 4), "\(daemon.log)")
        // Only the first poll stores a backlog (the round's own debug line says so too; not counted).
        #expect(daemon.lines(containing: "feed news <").filter { $0.contains("backlog") }.count == 1, "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(site.deliveryCount(of: "recorder") == 0)
        let store = try Store(path: site.databasePath)
        #expect(try store.outbox(state: .all).isEmpty)
        #expect(try store.items(feedName: "news", since: nil, limit: 10).count == 2)
    }
}
