@testable import FeedStore
import FeedModel
import Foundation
import Testing

/// A feed's first ingest skips the lookups of stored items, which cannot find any; the flag it
/// goes by is confirmed against the tables, so a feed that holds items still has them matched.
@Suite struct FirstIngestTests {
    @Test func aFirstIngestStoresEveryEntryOnce() throws {
        let fixture = try StoreFixture()
        let id = try fixture.addFeed()
        let result = try fixture.ingest(id, (1...3).map { StoreFixture.article($0) } + [StoreFixture.article(1)])
        #expect(result.newItems.count == 3 && result.wasBacklog)
        #expect(try fixture.store.items(feedName: "news", since: nil, limit: 10).count == 3)
    }

    @Test func aFeedMarkedNeverIngestedThatHoldsItemsStillHasThemMatched() throws {
        let fixture = try StoreFixture()
        let id = try fixture.addLiveFeed()
        _ = try fixture.ingest(id, [StoreFixture.article(1), StoreFixture.article(2)])
        try fixture.store.withConnection { (db: SQLiteConnection) throws(StoreError) in
            try db.run("UPDATE feeds SET first_success_done = 0 WHERE id = ?", [id])
        }
        let again = try fixture.ingest(id, [StoreFixture.article(1), StoreFixture.article(2)], at: 120)
        #expect(again.newItems.isEmpty && again.unchanged == 2)
        #expect(try fixture.store.items(feedName: "news", since: nil, limit: 10).count == 2)
    }
}
