import Foundation
import Testing
import TestSupport

/// `feedd run` keeps a feed's own short interval, even on a WordPress feed that says `sy:updatePeriod hourly`.
@Suite(.serialized) struct ScheduleDaemonTests {
    /// How long the test waits for the new article at most, in seconds: a 2 s interval with jitter
    /// and rounds at least a second apart see it within a few seconds; an hourly one never would.
    static let seenWithin: TimeInterval = 15

    static func wordpress(_ articles: [TestArticle]) -> String {
        TestFeed.rss(items: articles).replacingOccurrences(
            of: "<description>test</description>",
            with: "<description>test</description><sy:updatePeriod xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\">hourly</sy:updatePeriod>")
    }

    @Test func aTwoSecondIntervalSeesANewArticleWithinSeconds() throws {
        let site = try DaemonSite()
        let first = TestArticle(guid: "a1", title: "Erster Artikel")
        site.server.set("/feed", Self.wordpress([first]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "interval = \"2s\"\nfollow_comments = false")
            + site.recorderTable("recorder"), daemon: """
            [daemon]
            database = "feedd.sqlite"
            interval = "15m"
            min_interval = "1s"
            """)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(daemon.waitForLog("feed news <\(site.server.url("/feed"))>: fetched"), "\(daemon.log)")

        site.server.set("/feed", Self.wordpress([TestArticle(guid: "a2", title: "Zweiter Artikel"), first]))
        #expect(eventually(timeout: Self.seenWithin) { site.deliveryCount(of: "recorder") >= 1 }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
    }
}
