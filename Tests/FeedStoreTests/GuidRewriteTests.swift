import FeedModel
import FeedStore
import Foundation
import Testing

@Suite struct GuidRewriteTests {
    @Test func anHTTPToHTTPSMoveOfAllGuidsAndURLsAddsNothing() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed()
        _ = try fixture.ingest(feedID, (1...20).map { StoreFixture.article($0, scheme: "http") })
        let result = try fixture.ingest(feedID, (1...20).map { StoreFixture.article($0, scheme: "https") }, at: 120)
        #expect(result.newItems.isEmpty)
        #expect(result.outboxRows == 0)
        #expect(try fixture.store.itemCount(feedID: feedID) == 20)
        #expect(try fixture.store.items(feedName: nil, since: nil, limit: 1).first?.identityKey.hasPrefix("guid:https://") == true)
        // And the next poll finds them under their new keys.
        #expect(try fixture.ingest(feedID, (1...20).map { StoreFixture.article($0) }, at: 180).unchanged == 20)
    }

    @Test func aNewCMSWithNewGuidsButTheSameTitlesAndDatesAddsNothing() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed()
        _ = try fixture.ingest(feedID, (1...5).map { StoreFixture.article($0) })
        let moved = (1...5).map { n -> Entry in
            var entry = StoreFixture.article(n)
            entry.guid = "urn:uuid:\(n)"
            entry.url = "https://new-cms.example/\(n)"
            return entry
        }
        let result = try fixture.ingest(feedID, moved, at: 120)
        #expect(result.newItems.isEmpty)
        // The link changed, so the content hash did: the re-keyed items are updates.
        #expect(result.updatedItems.count == 5)
    }

    @Test func aRewriteWithChangedContentFiresOnlyUpdated() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1, scheme: "http")])
        let result = try fixture.ingest(feedID, [StoreFixture.article(1, scheme: "https", content: "<p>new</p>")], at: 120)
        #expect(result.newItems.isEmpty)
        #expect(result.updatedItems.count == 1)
        #expect(try fixture.store.outbox(state: .pending).filter { $0.event == .updated }.map(\.hook) == ["chat"])
    }

    @Test func twoItemsSharingOneLinkAreStillTwoItems() throws {
        // Some podcasts link every episode to the show's home page.
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let episode = { (n: Int) in
            Entry(guid: "episode-\(n)", url: "https://show.example/", title: "Episode \(n)",
                  published: StoreFixture.start.addingTimeInterval(TimeInterval(n)))
        }
        _ = try fixture.ingest(feedID, [episode(1)])
        #expect(try fixture.ingest(feedID, [episode(2), episode(1)], at: 120).newItems.count == 1)
        #expect(try fixture.ingest(feedID, [episode(3), episode(2), episode(1)], at: 180).newItems.count == 1)
        #expect(try fixture.store.itemCount(feedID: feedID) == 3)
    }

    @Test func aNewItemSharingTheLinkOfAVanishedItemIsNew() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let episode = { (n: Int) in
            Entry(guid: "episode-\(n)", url: "https://show.example/", title: "Episode \(n)",
                  published: StoreFixture.start.addingTimeInterval(TimeInterval(n)))
        }
        _ = try fixture.ingest(feedID, [episode(1)])
        #expect(try fixture.ingest(feedID, [episode(2)], at: 120).newItems.count == 1)
    }

    @Test func aReKeyedItemTakesTheNewLinkSilently() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1, scheme: "http")])
        let result = try fixture.ingest(feedID, [StoreFixture.article(1, scheme: "https")], at: 120)
        #expect(result.unchanged == 1 && result.updatedItems.isEmpty)
        let stored = try #require(try fixture.store.items(feedName: nil, since: nil, limit: 1).first)
        #expect(stored.entry.url == "https://news.example/article-1/" && stored.version == 1)
        #expect(try fixture.store.outbox(state: .all).map(\.event) == [.new, .new])
    }
}
