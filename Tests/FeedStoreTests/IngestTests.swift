import FeedModel
import FeedStore
import Foundation
import Testing

@Suite struct IngestTests {
    @Test func firstFetchIsBacklogWithoutOutboxRows() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed()
        let result = try fixture.ingest(feedID, (1...5).map { StoreFixture.article($0) })
        #expect(result.wasBacklog)
        #expect(result.newItems.count == 5)
        #expect(result.newItems.allSatisfy { $0.wasBacklog })
        #expect(result.outboxRows == 0)
        #expect(try fixture.store.outbox(state: .all).isEmpty)
        #expect(try fixture.store.feed(id: feedID)?.fetchState.firstSuccessDone == true)
    }

    @Test func notifyBacklogFiresOnTheFirstFetch() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed(notifyBacklog: true)
        let result = try fixture.ingest(feedID, (1...3).map { StoreFixture.article($0) })
        #expect(!result.wasBacklog)
        #expect(result.outboxRows == 6)
    }

    @Test func aNewItemOnALaterFetchFiresOncePerRoute() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1)])
        let result = try fixture.ingest(feedID, [StoreFixture.article(2), StoreFixture.article(1)], at: 120)
        #expect(result.newItems.map(\.entry.title) == ["Article 2"])
        #expect(result.unchanged == 1)
        let rows = try fixture.store.outbox(state: .pending)
        #expect(rows.map(\.hook).sorted() == ["chat", "desktop"])
        #expect(rows.allSatisfy { $0.event == .new && $0.item.entry.title == "Article 2" })
        let again = try fixture.ingest(feedID, [StoreFixture.article(2), StoreFixture.article(1)], at: 180)
        #expect(again.newItems.isEmpty && again.outboxRows == 0)
    }

    @Test func changedContentUnderTheSameKeyIsAnUpdateForRoutesThatAsk() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1)])
        let result = try fixture.ingest(feedID, [StoreFixture.article(1, content: "<p>Corrected</p>")], at: 120)
        #expect(result.newItems.isEmpty)
        #expect(result.updatedItems.map(\.version) == [2])
        let updates = try fixture.store.outbox(state: .pending).filter { $0.event == .updated }
        #expect(updates.map(\.hook) == ["chat"])
        #expect(updates.first?.item.entry.contentHTML == "<p>Corrected</p>")
        #expect(try fixture.store.itemCount(feedID: feedID) == 1)
    }

    @Test func aChangedDateAloneIsNotAnUpdate() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        var entry = StoreFixture.article(1)
        _ = try fixture.ingest(feedID, [entry])
        entry.modified = StoreFixture.start
        entry.commentCount = 4
        let result = try fixture.ingest(feedID, [entry], at: 120)
        #expect(result.updatedItems.isEmpty && result.unchanged == 1)
    }

    @Test func duplicateGuidsInsideOneFetchKeepTheFirst() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        var duplicate = StoreFixture.article(1, content: "<p>second copy</p>")
        duplicate.url = "https://news.example/other/"
        let result = try fixture.ingest(feedID, [StoreFixture.article(1), duplicate])
        #expect(result.newItems.count == 1)
        #expect(result.newItems.first?.entry.contentHTML == "<p>Body of article 1</p>")
        #expect(result.outboxRows == 2)
    }

    @Test func reorderedItemsAreNotNew() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let entries = (1...10).map { StoreFixture.article($0) }
        _ = try fixture.ingest(feedID, entries)
        let result = try fixture.ingest(feedID, entries.shuffled(), at: 120)
        #expect(result.newItems.isEmpty && result.updatedItems.isEmpty && result.unchanged == 10)
    }

    @Test func anItemThatDisappearsAndComesBackIsNotNew() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1), StoreFixture.article(2)])
        _ = try fixture.ingest(feedID, [StoreFixture.article(2)], at: 120)
        let result = try fixture.ingest(feedID, [StoreFixture.article(1), StoreFixture.article(2)], at: 180)
        #expect(result.newItems.isEmpty)
        #expect(try fixture.store.itemCount(feedID: feedID) == 2)
    }

    @Test func entriesWithoutGuidAreKeyedByURL() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        var entry = StoreFixture.article(1)
        entry.guid = nil
        let first = try fixture.ingest(feedID, [entry])
        #expect(first.newItems.first?.identityKey == "url:https://news.example/article-1/")
        entry.guid = "   "
        #expect(try fixture.ingest(feedID, [entry], at: 120).newItems.isEmpty)
    }

    @Test func entriesWithoutGuidOrURLAreKeyedByContentHash() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let entry = Entry(title: "Untitled note", contentText: "Just text", published: StoreFixture.start)
        let first = try fixture.ingest(feedID, [entry])
        #expect(first.newItems.first?.identityKey == "hash:" + entry.contentFingerprint)
        #expect(try fixture.ingest(feedID, [entry], at: 120).newItems.isEmpty)
    }

    @Test func aStoredItemCarriesItsEntryBack() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        var entry = StoreFixture.article(1)
        entry.authors = [Author(name: "Jürgen")]
        entry.enclosures = [Enclosure(url: "https://news.example/a.mp3", mimeType: "audio/mpeg", sizeInBytes: 123)]
        entry.tags = ["ki"]
        _ = try fixture.ingest(feedID, [entry])
        #expect(try fixture.store.items(feedName: "news", since: nil, limit: 10).first?.entry == entry)
    }

    @Test func sqlInTitlesAndGuidsIsStoredVerbatim() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let hostile = Entry(guid: "x'); DROP TABLE items; --", url: "https://news.example/\"';--",
                            title: "Robert'); DELETE FROM feeds; --", contentHTML: "<p>1' OR '1'='1</p>")
        _ = try fixture.ingest(feedID, [hostile])
        let stored = try #require(try fixture.store.items(feedName: nil, since: nil, limit: 10).first)
        #expect(stored.entry == hostile)
        #expect(stored.identityKey == "guid:x'); DROP TABLE items; --")
        #expect(try fixture.store.feeds().count == 1)
        #expect(try fixture.store.search("DELETE FROM feeds", limit: 5).count == 1)
    }

    @Test func itemsAreListedNewestFirstAndFilteredByFeedAndDate() throws {
        let fixture = try StoreFixture()
        let news = try fixture.addLiveFeed("news")
        let blog = try fixture.addLiveFeed("blog")
        _ = try fixture.ingest(news, (1...3).map { StoreFixture.article($0) })
        _ = try fixture.ingest(blog, [StoreFixture.article(9)])
        #expect(try fixture.store.items(feedName: "news", since: nil, limit: 10).map(\.entry.title)
                == ["Article 1", "Article 2", "Article 3"])
        let since = StoreFixture.start.addingTimeInterval(-2.5 * 3600)
        #expect(try fixture.store.items(feedName: nil, since: since, limit: 10).count == 2)
        #expect(try fixture.store.items(feedName: nil, since: nil, limit: 2).count == 2)
    }

    @Test func ingestingIntoAnUnknownFeedFails() throws {
        let fixture = try StoreFixture()
        #expect(throws: StoreError.feedNotFound(path: fixture.path, feedID: 42)) {
            _ = try fixture.ingest(42, [StoreFixture.article(1)])
        }
    }
}
