import Foundation
import Testing
import TestSupport

/// A config value beyond its bounds, sent to the running daemon with SIGHUP, is refused like any
/// other config error: it used to reach libcurl's millisecond timeout and end the daemon on a trap.
@Suite(.serialized) struct ReloadLimitTests {
    @Test func sighupWithAHugeTimeoutIsRefusedAndTheDaemonKeepsRunning() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [TestArticle(guid: "a1", title: "Eins", content: "<p>1</p>")]))
        let feed = site.feedTable("news", path: "/feed", "follow_comments = false")
        try site.writeConfig(feed)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(daemon.waitForLog("feed news <"), "\(daemon.log)")

        try site.writeConfig(feed, daemon: DaemonSite.fastDaemon + "\ntimeout = \"9999999999999999s\"")
        daemon.send(SIGHUP)
        try #require(daemon.waitForLog("reload refused"), "\(daemon.log)")
        let refusal = try #require(daemon.lines(containing: "reload refused").first)
        #expect(refusal.contains("\(site.configPath):5: key 'timeout' in [daemon]"), "\(refusal)")
        let requests = site.server.requests(for: "/feed")
        #expect(eventually { site.server.requests(for: "/feed") >= requests + 1 }, "\(daemon.log)")
        #expect(daemon.isRunning)
        #expect(daemon.stop() == 0)
    }
}
