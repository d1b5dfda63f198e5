@testable import FeedStore
import Foundation
import Testing
import TestSupport

/// A database server that is away: `feedd run` waits for it (one log line, backoff, a clean stop
/// meanwhile) instead of exiting; a one-shot command tries a few times, then fails with the error.
/// Nothing listens on 127.0.0.1 port 1, so the server is away for the whole test.
@Suite(.serialized) struct UnavailableDatabaseTests {
    static let awayServer = "postgresql://feedd@127.0.0.1:1/feedd"

    static func site() throws -> DaemonSite {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [TestArticle(guid: "a1", title: "Eins", content: "<p>1</p>")]))
        try site.writeConfig(site.feedTable("news", path: "/feed"), daemon: """
        [daemon]
        database = "\(awayServer)"
        interval = "1s"
        min_interval = "1s"
        """)
        return site
    }

    @Test func theDaemonWaitsForAnAbsentServerWithOneLogLineAndStopsCleanly() throws {
        let site = try Self.site()
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(daemon.waitForLog("unavailable"), "\(daemon.log)")
        // Tries at about 1 s and 3 s after the first: still waiting, still one line about it.
        _ = eventually(timeout: 4) { !daemon.isRunning }
        #expect(daemon.isRunning, "\(daemon.log)")
        #expect(daemon.lines(containing: "127.0.0.1:1").count == 1, "\(daemon.log)")
        #expect(daemon.stop() == 0, "\(daemon.log)")
    }

    @Test func aOneShotCommandGivesUpAfterItsTriesAndNamesTheServer() throws {
        let site = try Self.site()
        let started = Date()
        let fetch = try site.feedd(["fetch"])
        #expect(fetch.status != 0)
        #expect(fetch.stderr.contains("127.0.0.1:1") && fetch.stderr.contains("unavailable"), "\(fetch.stderr)")
        // Four tries with waits of 1, 2 and 4 s between them.
        #expect(Date().timeIntervalSince(started) >= 6.5)
    }
}

extension UnavailableDatabaseTests {
    /// A reload while waiting at start reads the config again: pointed at a store that opens, the
    /// daemon starts on it and polls its feeds.
    @Test func aDaemonWaitingAtStartCarriesOnWhenItsStoreOpens() throws {
        let site = try Self.site()
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(daemon.waitForLog("unavailable"), "\(daemon.log)")
        try site.writeConfig(site.feedTable("news", path: "/feed"))
        daemon.send(SIGHUP)
        #expect(daemon.waitForLog("available again", timeout: 30), "\(daemon.log)")
        #expect(daemon.waitForLog("feed news", timeout: 30), "\(daemon.log)")
        #expect(try Store(path: site.databasePath).items(feedName: "news", since: nil, limit: 10).count == 1)
        #expect(daemon.stop() == 0)
    }
}
