import FeedStore
import Foundation
import Testing
import TestSupport

/// A feed retired for 410 Gone comes back when the operator removes it from the config and adds
/// it again; leaving it in the config keeps it retired.
@Suite(.serialized) struct ReAddRetiredFeedTests {
    @Test func aFeedRetiredForGoneIsActiveAgainAfterLeavingTheConfigAndComingBack() throws {
        let site = try DaemonSite()
        let news = site.feedTable("news", path: "/feed"), other = site.feedTable("other", path: "/other")
        try site.writeConfig(news + other)
        // `fetch` syncs the store with the config (the feeds answer 404: it exits 1); `status` only reads.
        _ = try site.feedd(["fetch", "--no-hooks"])
        let store = try Store(path: site.databasePath)
        let feed = try #require(try store.feeds().first { $0.name == "news" })
        try store.retireFeed(feedID: feed.id, reason: "410 Gone from \(feed.url), 3 times in a row since 2026-01-01T00:00:00Z")

        _ = try site.feedd(["fetch", "--no-hooks"])
        #expect(try store.feed(id: feed.id)?.isActive == false, "still configured: stays retired")
        try site.writeConfig(other)
        _ = try site.feedd(["fetch", "--no-hooks"])
        try site.writeConfig(news + other)
        _ = try site.feedd(["fetch", "--no-hooks"])
        let result = try site.feedd(["status"])

        #expect(result.status == 0, "\(result.stderr)")
        #expect(try store.feed(id: feed.id)?.isActive == true)
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("news ") })
        #expect(!line.contains("retired"), "\(result.stdout)")
    }
}
