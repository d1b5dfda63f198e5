import FeedStore
import Foundation
import Testing
import TestSupport

/// `feedd status` names the feeds that are retired and why.
@Suite(.serialized) struct StatusRetiredTests {
    @Test func statusShowsARetiredFeedAndTheReason() throws {
        let site = try DaemonSite()
        try site.writeConfig(site.feedTable("news", path: "/feed") + site.feedTable("other", path: "/other"))
        // `fetch` syncs the store with the config (the feeds answer 404: it exits 1); `status` only reads.
        _ = try site.feedd(["fetch", "--no-hooks"])
        let store = try Store(path: site.databasePath)
        let feed = try #require(try store.feeds().first { $0.name == "news" })
        let reason = "410 Gone from \(feed.url), 3 times in a row since 2026-01-01T00:00:00Z"
        try store.retireFeed(feedID: feed.id, reason: reason)

        let result = try site.feedd(["status"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("news ") })
        #expect(line.contains("retired: \(reason)"), "\(result.stdout)")
        let other = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("other ") })
        #expect(!other.contains("retired"), "\(result.stdout)")
    }
}
