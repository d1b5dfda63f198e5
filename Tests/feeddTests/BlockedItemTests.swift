import FeedStore
import Foundation
import Testing
import TestSupport

/// A feed's `block` rule through the real binary: the item is stored and marked, fires nothing,
/// never becomes new, and `feedd items` shows it only with `--all`.
@Suite(.serialized) struct BlockedItemTests {
    static let first = TestArticle(guid: "p1", title: "Erster Artikel", content: "<p>eins</p>")
    static let advert = TestArticle(guid: "p2", title: "Werbung: Jetzt kaufen", content: "<p>zwei</p>")
    static let second = TestArticle(guid: "p3", title: "Zweiter Artikel", content: "<p>drei</p>")

    /// Backlog first, then a blocked and an ordinary new item; fetched twice.
    static func site() throws -> ConditionalSite {
        let site = try ConditionalSite()
        site.serve("/feed", [Self.first])
        try site.writeConfig(feeds: """
            [[feed]]
            name = "blog"
            url = "\(site.server.url("/feed"))"
            follow_comments = false
            block = ["title:^Werbung"]
            """)
        #expect(try site.feedd(["fetch", "--all"]).status == 0)
        site.serve("/feed", [Self.second, Self.advert, Self.first])
        let fetch = try site.feedd(["fetch", "--all"])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        return site
    }

    @Test func aBlockedItemFiresNothingAndNeverBecomesNew() throws {
        let site = try Self.site()
        #expect(try site.deliveredTitles() == [Self.second.title])
        // The rule removed: the stored item is known, so it is still not new.
        try site.writeConfig(feeds: """
            [[feed]]
            name = "blog"
            url = "\(site.server.url("/feed"))"
            follow_comments = false
            """)
        site.serve("/feed", [Self.second, Self.advert, Self.first, TestArticle(guid: "p4", title: "Dritter")])
        #expect(try site.feedd(["fetch", "--all"]).status == 0)
        #expect(try site.deliveredTitles().sorted() == ["Dritter", Self.second.title])
    }

    @Test func itemsListsABlockedItemOnlyWithAll() throws {
        let site = try Self.site()
        let plain = try site.feedd(["items"])
        #expect(plain.status == 0 && !plain.stdout.contains("Werbung") && plain.stdout.contains(Self.second.title),
                "\(plain.stdout)")
        let all = try site.feedd(["items", "--all"])
        #expect(all.status == 0 && all.stdout.contains("Werbung"), "\(all.stdout)")
    }
}
