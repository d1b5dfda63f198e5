import FeedModel
import FeedStore
import Foundation
import Testing

@Suite struct RetentionTests {
    @Test func retentionKeepsItemsWithUndeliveredOutboxRows() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed(keep: 86_400)
        _ = try fixture.ingest(feedID, [])
        _ = try fixture.ingest(feedID, [StoreFixture.article(1), StoreFixture.article(2)])
        let later = StoreFixture.start.addingTimeInterval(10 * 86_400)
        #expect(try fixture.store.applyRetention(now: later) == 0)

        let rows = try fixture.store.outbox(state: .pending)
        for row in rows where row.item.entry.title == "Article 1" { try fixture.store.markDelivered(id: row.id, at: later) }
        for row in rows where row.item.entry.title == "Article 2" { try fixture.store.park(id: row.id, owner: .current, error: "down", at: later) }
        #expect(try fixture.store.applyRetention(now: later) == 1)
        #expect(try fixture.store.items(feedName: nil, since: nil, limit: 10).map(\.entry.title) == ["Article 2"])
        #expect(try fixture.store.search("article", limit: 10).map(\.entry.title) == ["Article 2"])
    }

    @Test func retentionKeepsItemsTheFeedStillCarries() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed(keep: 86_400)
        _ = try fixture.ingest(feedID, [StoreFixture.article(1), StoreFixture.article(2)])
        let later = StoreFixture.start.addingTimeInterval(10 * 86_400)
        _ = try fixture.store.ingest(feedID: feedID, entries: [StoreFixture.article(1)], routes: [], now: later)
        #expect(try fixture.store.applyRetention(now: later) == 1)
        #expect(try fixture.store.items(feedName: nil, since: nil, limit: 10).map(\.entry.title) == ["Article 1"])
    }

    @Test func maxItemsDeletesTheOldestItemsNoLongerListed() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed(maxItems: 2)
        _ = try fixture.ingest(feedID, (1...5).map { StoreFixture.article($0) })
        let later = StoreFixture.start.addingTimeInterval(3 * 86_400)
        #expect(try fixture.store.applyRetention(now: later) == 3)
        #expect(try fixture.store.items(feedName: nil, since: nil, limit: 10).map(\.entry.title) == ["Article 1", "Article 2"])
    }

    @Test func theArticleOfAnActiveCommentFeedIsKept() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed(keep: 86_400)
        let result = try fixture.ingest(feedID, [StoreFixture.article(1, comments: true)])
        let commentFeed = try #require(result.registeredCommentFeeds.first)
        let later = StoreFixture.start.addingTimeInterval(10 * 86_400)
        #expect(try fixture.store.applyRetention(now: later) == 0)
        try fixture.store.retireFeed(feedID: commentFeed.id, reason: "comment window over")
        #expect(try fixture.store.applyRetention(now: later) == 1)
        #expect(try fixture.store.feed(id: commentFeed.id)?.parentItemID == nil)
    }
}
