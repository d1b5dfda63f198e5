import Foundation
import Testing
import TestSupport

/// Schedules a user can read: the real `feedd fetch` against a loopback site, then
/// `feedd status --json` says what interval each feed got and why.
@Suite(.serialized) struct ScheduleStatusTests {
    /// A feed written like WordPress writes it: `sy:updatePeriod hourly` whatever the site does,
    /// optionally a `<ttl>` (minutes), and items `gapMinutes` apart.
    static func rss(ttlMinutes: Int? = nil, items: Int = 3, gapMinutes: Double = 60) -> String {
        let newest = Date().addingTimeInterval(-600)
        var text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>
        <title>Schedule test</title><link>http://example.org/</link><description>t</description>
        <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>
        \(ttlMinutes.map { "<ttl>\($0)</ttl>" } ?? "")

        """
        for index in 0..<items {
            let date = HTTPDateFormat.string(from: newest.addingTimeInterval(-Double(index) * gapMinutes * 60))
            text += "<item><title>Item \(index)</title><link>http://example.org/\(index)</link>"
            text += "<guid isPermaLink=\"false\">item-\(index)</guid><pubDate>\(date)</pubDate></item>\n"
        }
        return text + "</channel></rss>\n"
    }

    /// The `status --json` object of the feed called `name`.
    static func status(_ site: SeedSite, _ name: String = "boltwise", comments: Bool = false) throws -> [String: Any] {
        let run = try site.feedd(["status", "--json"] + (comments ? ["--comments"] : []))
        try #require(run.status == 0, "\(run.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        return try #require(rows.first { $0["name"] as? String == name }, "\(run.stdout)")
    }

    @Test func aFeedsOwnIntervalIsWhatItGetsWhateverSyUpdatePeriodSays() throws {
        let site = try SeedSite(extraConfig: "interval = \"10m\"")
        try site.serve("feed.xml", at: "/feed")
        try site.serve("comments.xml", at: SeedSite.seedArticle + "/feed")
        let before = Date()
        try #require(try site.feedd(["fetch"]).status == 0)

        let feed = try Self.status(site)
        #expect(feed["interval_seconds"] as? Double == 600)
        #expect(feed["interval_reason"] as? String == "configured")
        #expect(feed["update_period_seconds"] as? Double == 3600)
        let next = try #require((feed["next_poll"] as? String).flatMap(Self.date))
        #expect(next.timeIntervalSince(before) < 600 * 1.1 + 60, "next poll \(next)")
    }

    @Test func anOwnIntervalStillHoldsAfterANotModified() throws {
        let site = try SeedSite(extraConfig: "interval = \"10m\"")
        try site.serve("feed.xml", at: "/feed")
        try site.serve("comments.xml", at: SeedSite.seedArticle + "/feed")
        try #require(try site.feedd(["fetch"]).status == 0)
        let refetch = try site.feedd(["fetch", "--all"])
        try #require(refetch.stdout.contains("0 fetched"), "\(refetch.stdout)")

        let feed = try Self.status(site)
        #expect(feed["interval_seconds"] as? Double == 600)
        #expect(feed["interval_reason"] as? String == "configured")
    }

    @Test func ttlLengthensTheDefaultIntervalAndHoldsAfterANotModified() throws {
        let site = try SeedSite()
        site.server.set("/feed", text: Self.rss(ttlMinutes: 120))
        try #require(try site.feedd(["fetch"]).status == 0)
        let first = try Self.status(site)
        #expect(first["interval_seconds"] as? Double == 7200)
        #expect(first["interval_reason"] as? String == "ttl")

        let refetch = try site.feedd(["fetch", "--all"])
        try #require(refetch.stdout.contains("1 not modified"), "\(refetch.stdout)")
        let after = try Self.status(site)
        #expect(after["interval_seconds"] as? Double == 7200)
        #expect(after["interval_reason"] as? String == "ttl")
    }

    @Test func ttlDoesNotLengthenAFeedsOwnInterval() throws {
        let site = try SeedSite(extraConfig: "interval = \"10m\"")
        site.server.set("/feed", text: Self.rss(ttlMinutes: 120))
        try #require(try site.feedd(["fetch"]).status == 0)
        let feed = try Self.status(site)
        #expect(feed["interval_seconds"] as? Double == 600)
        #expect(feed["ttl_seconds"] as? Double == 7200)
    }

    @Test func autoIntervalIsAFractionOfTheGapBetweenItems() throws {
        let site = try SeedSite(extraConfig: "interval = \"auto\"")
        site.server.set("/feed", text: Self.rss(items: 6, gapMinutes: 40))
        try #require(try site.feedd(["fetch"]).status == 0)
        let feed = try Self.status(site)
        #expect(feed["interval_reason"] as? String == "auto")
        #expect(feed["interval_seconds"] as? Double == Double(40 * 60) / 4)
    }

    @Test func autoIntervalOfARarelyPublishingFeedIsCappedByMaxInterval() throws {
        let site = try SeedSite(extraConfig: "interval = \"auto\"")
        site.server.set("/feed", text: Self.rss(items: 4, gapMinutes: 30 * 24 * 60))
        try #require(try site.feedd(["fetch"]).status == 0)
        let feed = try Self.status(site)
        #expect(feed["interval_reason"] as? String == "auto")
        #expect(feed["interval_seconds"] as? Double == 86_400)
    }

    @Test func aFailingFeedShowsItsBackoff() throws {
        let site = try SeedSite()
        let run = try site.feedd(["fetch"])
        #expect(run.status == 1)
        let feed = try Self.status(site)
        #expect(feed["interval_reason"] as? String == "backoff")
        #expect(feed["last_status"] as? Int == 404)
        #expect((feed["last_error"] as? String)?.contains("404") == true)
    }

    @Test func aFeedNeverPolledShowsItsConfiguredInterval() throws {
        let site = try SeedSite()
        let feed = try Self.status(site)
        #expect(feed["state"] as? String == "active")
        #expect(feed["interval_seconds"] as? Double == 900)
        #expect(feed["interval_reason"] as? String == "configured")
        #expect(feed["last_fetch"] is NSNull)
    }

    @Test func commentFeedsNameTheirArticleAndTheAgeRule() throws {
        let site = try SeedSite()
        try site.serve("feed.xml", at: "/feed")
        try site.serve("comments.xml", at: SeedSite.seedArticle + "/feed")
        try #require(try site.feedd(["fetch"]).status == 0)

        let run = try site.feedd(["status", "--json", "--comments"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        let comment = try #require(rows.first { ($0["url"] as? String)?.hasSuffix(SeedSite.seedArticle + "/feed") == true })
        #expect(comment["kind"] as? String == "comments")
        #expect(comment["interval_reason"] as? String == "comment-age")
        let article = try #require(comment["article"] as? [String: Any])
        #expect(article["title"] as? String
            == "Neue Verhandlungsrunde zwischen USA und Ukraine: Hoffnung auf Friedensgespräche")
        #expect((article["url"] as? String)?.hasSuffix(SeedSite.seedArticle) == true)
    }

    @Test func theTableListsCommentFeedsUnderTheirMainFeedByArticle() throws {
        let site = try SeedSite(extraConfig: "interval = \"10m\"")
        try site.serve("feed.xml", at: "/feed")
        try site.serve("comments.xml", at: SeedSite.seedArticle + "/feed")
        try #require(try site.feedd(["fetch"]).status == 0)

        let run = try site.feedd(["status", "--comments"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let main = try #require(lines.firstIndex { $0.hasPrefix("boltwise ") }, "\(run.stdout)")
        #expect(lines[main].contains("10m configured"))
        #expect(lines[(main + 1)...].contains { $0.hasPrefix("  comments: Neue Verhandlungsrunde") && $0.contains("comment-age") },
                "\(run.stdout)")
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
