import FeedModel
import FeedStore
import Foundation
import Testing
import TestSupport

/// The seed site's README, step by step, with the real `feedd fetch` against a loopback server.
@Suite(.serialized) struct SeedSiteFetchTests {
    @Test func firstFetchStoresTheBacklogAndItsCommentsWithoutHooks() throws {
        let site = try SeedSite()
        try site.serve("feed.xml", at: "/feed")
        try site.serve("comments.xml", at: SeedSite.seedArticle + "/feed")

        let run = try site.feedd(["fetch"])
        #expect(run.status == 0, "\(run.stderr)")

        let store = try Store(path: site.databasePath)
        let feeds = try store.feeds()
        #expect(feeds.filter { $0.kind == .main }.count == 1)
        #expect(feeds.filter { $0.kind == .comments }.count == 3)
        #expect(try store.items(feedName: "boltwise", since: nil, limit: 100).count == 3)
        let seedComments = try commentItems(store, article: SeedSite.seedArticle, site: site)
        #expect(seedComments.compactMap(\.entry.title).sorted() == ["Von: Jürgen M.", "Von: Sabine"])
        #expect(try store.outbox(state: .all).isEmpty)
        #expect(try site.deliveries().isEmpty)
    }

    @Test func laterFetchFiresOnceForTheNewArticleAndStoresTheEdit() throws {
        let site = try SeedSite()
        try site.serve("feed.xml", at: "/feed")
        try site.serve("comments.xml", at: SeedSite.seedArticle + "/feed")
        #expect(try site.feedd(["fetch"]).status == 0)
        let store = try Store(path: site.databasePath)
        let before = try store.items(feedName: "boltwise", since: nil, limit: 100)

        try site.serve("feed-2.xml", at: "/feed")
        let run = try site.feedd(["fetch", "--all"])
        #expect(run.status == 0, "\(run.stderr)")

        let after = try store.items(feedName: "boltwise", since: nil, limit: 100)
        #expect(after.count == 4)
        let deliveries = try site.deliveries()
        #expect(deliveries.count == 1)
        #expect(deliveries.first?.event == "new")
        let item = deliveries.first?.payload["item"] as? [String: Any]
        #expect(item?["title"] as? String == "Rohstoffabkommen: Washington und Kiew verhandeln erneut")
        let edited = after.filter { old in before.contains { $0.id == old.id && $0.contentHash != old.contentHash } }
        #expect(edited.count == 1)
        #expect(run.stdout.contains("1 new items"))
    }

    @Test func newCommentFiresACommentEventNamingItsArticle() throws {
        let site = try SeedSite()
        try site.serve("feed.xml", at: "/feed")
        try site.serve("comments.xml", at: SeedSite.seedArticle + "/feed")
        #expect(try site.feedd(["fetch"]).status == 0)
        try site.serve("feed-2.xml", at: "/feed")
        #expect(try site.feedd(["fetch", "--all"]).status == 0)

        try site.serve("comments-2.xml", at: SeedSite.seedArticle + "/feed")
        let run = try site.feedd(["fetch", "--all"])
        #expect(run.status == 0, "\(run.stderr)")

        let comments = try site.deliveries().filter { $0.event == "comment" }
        #expect(comments.count == 1)
        let article = comments.first?.payload["article"] as? [String: Any]
        #expect(article?["title"] as? String == "Neue Verhandlungsrunde zwischen USA und Ukraine: Hoffnung auf Friedensgespräche")
        let store = try Store(path: site.databasePath)
        #expect(try commentItems(store, article: SeedSite.seedArticle, site: site).count == 3)
        #expect(try store.outbox(state: .pending).isEmpty)
    }

    @Test func unchangedSiteFiresNothingAndCostsNoParse() throws {
        let site = try SeedSite()
        try site.serve("feed.xml", at: "/feed")
        try site.serve("comments.xml", at: SeedSite.seedArticle + "/feed")
        #expect(try site.feedd(["fetch"]).status == 0)
        let run = try site.feedd(["fetch", "--all"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("0 fetched"))
        #expect(try site.deliveries().isEmpty)
    }

    @Test func unreachableFeedIsReportedAndTheRunCompletesWithStatusOne() throws {
        let site = try SeedSite()
        try site.serve("feed.xml", at: "/feed")
        site.server.remove(SeedSite.seedArticle + "/feed")
        let run = try site.feedd(["fetch"])
        #expect(run.status == 1)
        #expect(run.stderr.contains(SeedSite.seedArticle + "/feed"))
        #expect(run.stdout.contains("1 failed"))
        let store = try Store(path: site.databasePath)
        #expect(try store.items(feedName: "boltwise", since: nil, limit: 100).count == 3)
    }

    private func commentItems(_ store: Store, article: String, site: SeedSite) throws -> [StoredItem] {
        guard let feed = try store.feeds().first(where: { $0.url == site.server.url(article + "/feed") }) else { return [] }
        return try store.items(feedName: feed.name, since: nil, limit: 100).filter { $0.feedID == feed.id }
    }
}
