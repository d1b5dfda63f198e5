import Foundation
import Testing
import TestSupport

/// `feedd items` and `feedd search` through the real binary: dates, feed names, comments marked
/// with their article, and searches a German reader types.
@Suite(.serialized) struct ItemsSearchTests {
    static let seedArticleTitle = "Neue Verhandlungsrunde zwischen USA und Ukraine: Hoffnung auf Friedensgespräche"

    static func seedSite() throws -> SeedSite {
        let site = try SeedSite()
        try site.serve("feed.xml", at: "/feed")
        try site.serve("comments.xml", at: SeedSite.seedArticle + "/feed")
        try #require(try site.feedd(["fetch"]).status == 0)
        return site
    }

    @Test func itemsNameTheirFeedAndMarkCommentsWithTheirArticle() throws {
        let site = try Self.seedSite()
        let run = try site.feedd(["items"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.contains("  boltwise  ") }, "\(run.stdout)")
        let comments = lines.filter { $0.contains("[comment on \"\(Self.seedArticleTitle)\"]") }
        #expect(comments.count == 2, "\(run.stdout)")
    }

    @Test func feedWithCommentsSelectsThatSitesComments() throws {
        let site = try Self.seedSite()
        let comments = try site.feedd(["items", "--feed", "boltwise", "--comments"])
        #expect(comments.stdout.split(separator: "\n").count == 2, "\(comments.stdout)")
        #expect(comments.stdout.split(separator: "\n").allSatisfy { $0.contains("[comment on") })
        let articles = try site.feedd(["items", "--feed", "boltwise"])
        #expect(articles.stdout.split(separator: "\n").count == 3)
        #expect(!articles.stdout.contains("[comment on"))
    }

    @Test func jsonItemsCarryTheFeedNameAndACommentsArticle() throws {
        let site = try Self.seedSite()
        let run = try site.feedd(["items", "--json", "--comments"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let items = try #require(document["items"] as? [[String: Any]])
        #expect(items.count == 2)
        for item in items {
            let ext = try #require(item["_feedd"] as? [String: Any])
            #expect(ext["feed"] as? String == "boltwise")
            #expect((ext["article"] as? [String: Any])?["title"] as? String == Self.seedArticleTitle)
        }
    }

    static let atomOnlyUpdated = """
    <?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Releases</title><id>urn:r</id><updated>2024-03-01T00:00:00Z</updated>
    <entry><title>v1.0</title><id>urn:r:1</id><updated>2024-01-01T10:00:00Z</updated><link href="http://example.org/1"/></entry>
    <entry><title>v2.0</title><id>urn:r:2</id><updated>2024-02-01T10:00:00Z</updated><link href="http://example.org/2"/></entry>
    </feed>
    """

    @Test func atomEntriesWithOnlyUpdatedAreListedAndFilteredByThatDate() throws {
        let site = try SeedSite()
        site.server.set("/feed", text: Self.atomOnlyUpdated, contentType: "application/atom+xml")
        try #require(try site.feedd(["fetch"]).status == 0)
        let all = try site.feedd(["items"]).stdout.split(separator: "\n")
        #expect(all.count == 2)
        #expect(all.first?.hasPrefix("2024-02-01T10:00:00") == true, "\(all)")
        #expect(all.last?.hasPrefix("2024-01-01T10:00:00") == true, "\(all)")
        let since = try site.feedd(["items", "--since", "2024-01-15"]).stdout.split(separator: "\n")
        #expect(since.count == 1)
        #expect(since.first?.contains("v2.0") == true)
    }

    @Test func anUnknownFeedNameIsAnError() throws {
        let site = try Self.seedSite()
        let run = try site.feedd(["items", "--feed", "nosuch"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no feed named \"nosuch\""))
    }

    static let germanFeed = TestFeed.rss(items: [
        TestArticle(guid: "1", title: "Sperrung der Hauptstraße in München"),
        TestArticle(guid: "2", title: "Neue Hauptstrasse in Muenchen eröffnet"),
        TestArticle(guid: "3", title: "Quantencomputer erklärt"),
        TestArticle(guid: "4", title: "Zebra im Zoo"),
        TestArticle(guid: "5", title: "Giraffe im Zoo"),
    ])

    static func germanSite() throws -> SeedSite {
        let site = try SeedSite()
        site.server.set("/feed", text: germanFeed)
        try #require(try site.feedd(["fetch"]).status == 0)
        return site
    }

    static func titles(_ site: SeedSite, _ query: [String]) throws -> Set<String> {
        let run = try site.feedd(["search", "--json"] + query)
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return Set((document?["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String })
    }

    @Test func theLastWordIsAPrefix() throws {
        let site = try Self.germanSite()
        #expect(try Self.titles(site, ["quanten"]) == ["Quantencomputer erklärt"])
    }

    @Test func aStarMakesAnyWordAPrefix() throws {
        let site = try Self.germanSite()
        #expect(try Self.titles(site, ["quant*", "erklärt"]) == ["Quantencomputer erklärt"])
    }

    @Test func orMatchesEitherWord() throws {
        let site = try Self.germanSite()
        #expect(try Self.titles(site, ["zebra", "OR", "giraffe"]) == ["Zebra im Zoo", "Giraffe im Zoo"])
    }

    @Test func aPhraseMatchesItsWordsInOrder() throws {
        let site = try Self.germanSite()
        #expect(try Self.titles(site, ["\"im zoo\""]) == ["Zebra im Zoo", "Giraffe im Zoo"])
        #expect(try Self.titles(site, ["\"zoo im\""]).isEmpty)
    }

    @Test func germanSpellingsFindEachOtherBothWays() throws {
        let site = try Self.germanSite()
        let both: Set = ["Sperrung der Hauptstraße in München", "Neue Hauptstrasse in Muenchen eröffnet"]
        for query in ["hauptstrasse", "hauptstraße", "muenchen", "münchen"] {
            #expect(try Self.titles(site, [query]) == both, "\(query)")
        }
    }

    @Test func noMatchesIsSaid() throws {
        let site = try Self.germanSite()
        let run = try site.feedd(["search", "xyzzy"])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("no matches"))
    }
}
