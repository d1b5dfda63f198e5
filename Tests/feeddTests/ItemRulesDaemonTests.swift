import FeedStore
import Foundation
import Testing
import TestSupport

/// `block` / `allow` rules of feeds and hooks under the real daemon: what fires which hook.
@Suite(.serialized) struct ItemRulesDaemonTests {
    static let wanted = TestArticle(guid: "a1", title: "Swift 6.3 released", content: "<p>news</p>")
    static let sponsored = TestArticle(guid: "a2", title: "Sponsored: buy now", content: "<p>ad</p>")

    @Test func aHookBlockRuleKeepsItsItemsFromThatHookOnly() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.wanted, Self.sponsored]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true")
            + (try site.recorderTable("filtered", "block = [\"title:^Sponsored\"]"))
            + (try site.recorderTable("everything")))
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(eventually { site.deliveryCount(of: "everything") >= 2 && site.deliveryCount(of: "filtered") >= 1 },
                     "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(try site.deliveries(of: "filtered").compactMap { $0.item["title"] as? String } == [Self.wanted.title])
        let rows = try Store(path: site.databasePath).outbox(state: .all)
        #expect(rows.filter { $0.hook == "filtered" }.count == 1)
    }

    @Test func aFeedAllowRuleFiresOnlyForMatchingItems() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.wanted, Self.sponsored]))
        try site.writeConfig(site.feedTable("news", path: "/feed",
                                            "follow_comments = false\nnotify_backlog = true\nallow = [\"any:(?i)swift\"]")
            + (try site.recorderTable("recorder")))
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(eventually { site.deliveryCount(of: "recorder") >= 1 }, "\(daemon.log)")
        try #require(daemon.waitForLog("fetched"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(try site.deliveries(of: "recorder").compactMap { $0.item["title"] as? String } == [Self.wanted.title])
        #expect(try Store(path: site.databasePath).outbox(state: .all).count == 1)
    }
}
