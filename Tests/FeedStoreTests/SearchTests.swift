import FeedModel
import FeedStore
import Foundation
import Testing

@Suite struct SearchTests {
    private func fixture(with entries: [Entry]) throws -> StoreFixture {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, entries)
        return fixture
    }

    @Test func searchFoldsDiacritics() throws {
        let fixture = try fixture(with: [Entry(guid: "1", title: "Neues aus Köln", contentHTML: "<p>Der Dom</p>"),
                                         Entry(guid: "2", title: "Berlin", contentHTML: "<p>Spree</p>")])
        #expect(try fixture.store.search("koln", limit: 10).map(\.entry.title) == ["Neues aus Köln"])
        #expect(try fixture.store.search("KÖLN dom", limit: 10).count == 1)
    }

    @Test func searchFindsTextInsideHTMLButNotTheTags() throws {
        let fixture = try fixture(with: [Entry(guid: "1", title: "A", contentHTML: "<div class=\"teaser\">Quantencomputer&nbsp;heute</div><script>var hidden</script>")])
        #expect(try fixture.store.search("quantencomputer", limit: 10).count == 1)
        #expect(try fixture.store.search("teaser", limit: 10).isEmpty)
        #expect(try fixture.store.search("hidden", limit: 10).isEmpty)
    }

    @Test func hostileQueriesAreSearchedAsWordsNotSyntax() throws {
        let fixture = try fixture(with: [Entry(guid: "1", title: "C++ & Swift", contentText: "foo bar")])
        for query in ["c++ & foo", "\"unbalanced", "NEAR(a b", "title:x OR", "*", "-", "a AND", "'; DROP TABLE items; --", ""] {
            _ = try fixture.store.search(query, limit: 10)
        }
        #expect(try fixture.store.search("c++ & foo", limit: 10).count == 1)
        #expect(try fixture.store.search("swift \"foo", limit: 10).count == 1)
    }

    @Test func anUpdatedItemIsFoundByItsNewText() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1, content: "<p>alpha</p>")])
        _ = try fixture.ingest(feedID, [StoreFixture.article(1, content: "<p>omega</p>")], at: 120)
        #expect(try fixture.store.search("alpha", limit: 10).isEmpty)
        #expect(try fixture.store.search("omega", limit: 10).count == 1)
    }

    @Test func scriptAndStyleInAnyCaseAreNotIndexedAndEntitiesAreDecoded() throws {
        let html = "<STYLE>.secretclass{}</STYLE>Fish&amp;chips&nbsp;für&lt;München&gt;<Script>var hiddenvar</sCRIPT> tail"
        let fixture = try fixture(with: [Entry(guid: "1", title: "A", contentHTML: html)])
        for word in ["chips", "fish", "münchen", "für", "tail"] {
            #expect(try fixture.store.search(word, limit: 10).count == 1, "\(word)")
        }
        for word in ["secretclass", "hiddenvar", "amp", "nbsp", "lt"] {
            #expect(try fixture.store.search(word, limit: 10).isEmpty, "\(word)")
        }
    }
}
