import Foundation
import Testing
import TestSupport
@testable import FeedStore

/// `feedd run` with a store that fails to write: the feed is polled a handful of times, never
/// again and again at once (it was thousands of requests in seconds).
@Suite(.serialized) struct StoreFailureLoopTests {
    /// A minute between polls: after the first poll, a well-behaved daemon has no reason to ask again
    /// within the few seconds the test watches.
    static let minuteDaemon = """
    [daemon]
    database = "feedd.sqlite"
    interval = "1m"
    min_interval = "1m"
    """

    /// A site whose store exists with its feed, and `triggers` (SQL) added to the store so that
    /// writes fail deterministically, as on a full disk.
    static func site(triggers: String) throws -> DaemonSite {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [TestArticle(guid: "a1", title: "Eins")]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false"), daemon: minuteDaemon)
        // The store with the feed, as a first `feedd run` would sync it (read-only commands create nothing).
        _ = try Store(path: site.databasePath).syncConfiguredFeeds(
            [FeedSubscription(name: "news", url: site.server.url("/feed"), followComments: false)], now: Date())
        let db = try SQLiteConnection(path: site.databasePath)
        try db.executeScript(triggers)
        return site
    }

    static let itemsFail = """
    CREATE TRIGGER test_items_fail BEFORE INSERT ON items BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END;
    """
    static let pollRecordsFail = """
    CREATE TRIGGER test_polls_fail BEFORE UPDATE OF last_fetched_at ON feeds BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END;
    """

    /// Starts the daemon, waits for its first request, then watches a few seconds and returns how
    /// many requests the feed got in all.
    static func requestsOverAWindow(_ site: DaemonSite) throws -> (requests: Int, log: String) {
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(eventually { site.server.requests(for: "/feed") >= 1 }, "\(daemon.log)")
        try #require(daemon.waitForLog("database or disk is full (test)"), "\(daemon.log)")
        // The window: bounded, and long enough for a hot loop to show as hundreds of requests.
        eventually(timeout: 4) { site.server.requests(for: "/feed") > 50 }
        let requests = site.server.requests(for: "/feed")
        #expect(daemon.stop() == 0)
        return (requests, daemon.log)
    }

    @Test func aFeedWhoseItemsCannotBeStoredIsPolledAgainOnlyAfterItsBackoff() throws {
        let site = try Self.site(triggers: Self.itemsFail)
        let (requests, log) = try Self.requestsOverAWindow(site)
        #expect(requests <= 3, "\(requests) requests\n\(log)")
        let store = try Store(path: site.databasePath)
        let feed = try #require(try store.feeds().first)
        #expect(feed.fetchState.consecutiveErrors >= 1)
        #expect(feed.fetchState.lastError?.contains("database or disk is full (test)") == true)
    }

    @Test func aFeedWhoseFailureCannotBeRecordedEitherIsHeldInMemory() throws {
        let site = try Self.site(triggers: Self.itemsFail + "\n" + Self.pollRecordsFail)
        let (requests, log) = try Self.requestsOverAWindow(site)
        #expect(requests <= 3, "\(requests) requests\n\(log)")
        #expect(log.contains("held in memory"), "\(log)")
    }
}
