import Foundation
import Testing
import TestSupport

/// A feed that needed recovery says so after its items were stored: in `feedd fetch`, and
/// afterwards in `feedd status` (the table and `--json`), until a clean parse replaces it.
@Suite(.serialized) struct BrokenFeedStatusTests {
    static func fetchedBrokenFeed() throws -> ConditionalSite {
        let site = try ConditionalSite()
        site.server.set("/feed", body: try Fixtures.data("broken/truncated-mid-item.xml"),
                        contentType: "application/rss+xml")
        try site.writeConfig(feeds: """
            [[feed]]
            name = "broken"
            url = "\(site.server.url("/feed"))"
            follow_comments = false
            """)
        let fetch = try site.feedd(["fetch", "--all"])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        #expect(fetch.stderr.contains("recovery"), "\(fetch.stderr)")
        return site
    }

    @Test func statusShowsThatTheLastParseNeededRecovery() throws {
        let site = try Self.fetchedBrokenFeed()
        let table = try site.feedd(["status"])
        #expect(table.status == 0 && table.stdout.contains("warning:") && table.stdout.contains("recovery"), "\(table.stdout)")
        let json = try site.feedd(["status", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        let warning = rows?.first?["last_warning"] as? String
        #expect(warning?.contains("recovery") == true, "\(json.stdout)")
    }

    @Test func aCleanParseClearsTheWarning() throws {
        let site = try Self.fetchedBrokenFeed()
        site.serve("/feed", [TestArticle(guid: "p1", title: "Sauber")])
        #expect(try site.feedd(["fetch", "--all"]).status == 0)
        let table = try site.feedd(["status"])
        #expect(table.status == 0 && !table.stdout.contains("warning:"), "\(table.stdout)")
    }
}
