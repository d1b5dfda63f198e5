import FeedModel
import FeedStore
import Foundation
import Testing

/// Full-text search: the query language users type, and the folding of accents and German
/// spellings, the same on both stores.
@Suite struct SearchContractTests {
    private typealias F = ContractFixture

    private func store(with entries: [Entry], _ kind: StoreKind) throws -> F {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        try fixture.ingest(id, entries)
        return fixture
    }

    private func titles(_ fixture: F, _ query: String) throws -> [String] {
        try fixture.store.search(query, limit: 10).compactMap(\.entry.title)
    }

    @Test(arguments: StoreKind.allCases)
    func everyWordIsRequired(_ kind: StoreKind) throws {
        let fixture = try store(with: [Entry(guid: "1", title: "Rust and Swift", contentText: "compilers"),
                                       Entry(guid: "2", title: "Swift only", contentText: "birds")], kind)
        #expect(try titles(fixture, "swift compilers") == ["Rust and Swift"])
        #expect(Set(try titles(fixture, "swift")) == ["Rust and Swift", "Swift only"])
    }

    @Test(arguments: StoreKind.allCases)
    func aPhraseMatchesItsWordsInOrder(_ kind: StoreKind) throws {
        let fixture = try store(with: [Entry(guid: "1", title: "A", contentText: "the quick brown fox"),
                                       Entry(guid: "2", title: "B", contentText: "brown and quick")], kind)
        #expect(try titles(fixture, "\"quick brown\"") == ["A"])
    }

    @Test(arguments: StoreKind.allCases)
    func orFindsEither(_ kind: StoreKind) throws {
        let fixture = try store(with: [Entry(guid: "1", title: "Apples"), Entry(guid: "2", title: "Pears"),
                                       Entry(guid: "3", title: "Plums")], kind)
        #expect(Set(try titles(fixture, "apples OR pears")) == ["Apples", "Pears"])
    }

    @Test(arguments: StoreKind.allCases)
    func aStarOrTheLastWordIsAPrefix(_ kind: StoreKind) throws {
        let fixture = try store(with: [Entry(guid: "1", title: "Quantencomputer heute", contentText: "Forschung")], kind)
        #expect(try titles(fixture, "quanten") == ["Quantencomputer heute"])
        #expect(try titles(fixture, "quant* heute") == ["Quantencomputer heute"])
        #expect(try titles(fixture, "quant heute").isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func diacriticsAreFolded(_ kind: StoreKind) throws {
        let fixture = try store(with: [Entry(guid: "1", title: "Neues aus Köln", contentHTML: "<p>Der Dom</p>"),
                                       Entry(guid: "2", title: "Berlin", contentHTML: "<p>Spree</p>")], kind)
        #expect(try titles(fixture, "koln") == ["Neues aus Köln"])
        #expect(try titles(fixture, "KÖLN dom") == ["Neues aus Köln"])
    }

    @Test(arguments: StoreKind.allCases)
    func germanSpellingsAreFoldedBothWays(_ kind: StoreKind) throws {
        let fixture = try store(with: [Entry(guid: "1", title: "München im Winter"), Entry(guid: "2", title: "Die Straße"),
                                       Entry(guid: "3", title: "Muenster heute"), Entry(guid: "4", title: "Grosse Pause")], kind)
        #expect(try titles(fixture, "muenchen") == ["München im Winter"])
        #expect(try titles(fixture, "strasse") == ["Die Straße"])
        #expect(try titles(fixture, "straße") == ["Die Straße"])
        #expect(try titles(fixture, "münster") == ["Muenster heute"])
        #expect(try titles(fixture, "große") == ["Grosse Pause"])
    }

    @Test(arguments: StoreKind.allCases)
    func aQueryOfOperatorsAndPunctuationFindsNothing(_ kind: StoreKind) throws {
        let fixture = try store(with: [Entry(guid: "1", title: "C++ & Swift", contentText: "foo bar")], kind)
        for query in ["*", "-", "OR", "\"\"", "& | !", "", "   ", "(:*)"] {
            #expect(try fixture.store.search(query, limit: 10).isEmpty, "\(query)")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func injectionLookingTextIsJustText(_ kind: StoreKind) throws {
        let fixture = try store(with: [Entry(guid: "1", title: "C++ & Swift", contentText: "foo bar"),
                                       Entry(guid: "2", title: "Bobby", contentText: "drop table students")], kind)
        for query in ["'; DROP TABLE items; --", "c++ & foo", "\"unbalanced", "NEAR(a b", "title:x OR", "a AND",
                      "foo' | 'bar", "foo:* & !bar", "\\'", "x <-> y"] {
            _ = try fixture.store.search(query, limit: 10)
        }
        #expect(try titles(fixture, "c++ & foo") == ["C++ & Swift"])
        #expect(try titles(fixture, "swift \"foo") == ["C++ & Swift"])
        #expect(try titles(fixture, "'; DROP TABLE students; --") == ["Bobby"])
        #expect(try fixture.store.itemCount(feedID: 1) == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func theTextInsideHTMLIsFoundButNotItsTagsOrScripts(_ kind: StoreKind) throws {
        let fixture = try store(with: [Entry(guid: "1", title: "A", contentHTML:
                                                "<div class=\"teaser\">Quantencomputer&nbsp;heute</div><script>var hidden</script>")], kind)
        #expect(try titles(fixture, "quantencomputer") == ["A"])
        #expect(try titles(fixture, "teaser").isEmpty)
        #expect(try titles(fixture, "hidden").isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func anUpdatedItemIsFoundByItsNewTextOnly(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        try fixture.ingest(id, [F.article(1, content: "<p>alpha</p>")])
        try fixture.ingest(id, [F.article(1, content: "<p>omega</p>")], at: 120)
        #expect(try titles(fixture, "alpha").isEmpty)
        #expect(try titles(fixture, "omega") == ["Article 1"])
    }

    @Test(arguments: StoreKind.allCases)
    func theBestMatchComesFirstAndTiesNewestFirst(_ kind: StoreKind) throws {
        let fixture = try store(with: [Entry(guid: "1", title: "tie", contentText: "kiwi"),
                                       Entry(guid: "2", title: "many", contentText: "kiwi kiwi kiwi kiwi kiwi kiwi"),
                                       Entry(guid: "3", title: "tie", contentText: "kiwi")], kind)
        let found = try fixture.store.search("kiwi", limit: 10)
        #expect(found.first?.entry.title == "many")
        #expect(found.dropFirst().map(\.entry.guid) == ["3", "1"])
    }

    @Test(arguments: StoreKind.allCases)
    func searchListingNamesTheFeedAndTheArticleOfAComment(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let result = try fixture.ingest(id, [F.article(1, comments: true)])
        let commentFeed = try #require(result.registeredCommentFeeds.first)
        try fixture.ingest(commentFeed.id, [F.comment(7)], at: 120)
        let listed = try #require(try fixture.store.searchListed("comment", limit: 10).first)
        #expect(listed.isComment && listed.feedName == "news" && listed.articleTitle == "Article 1")
    }
}
