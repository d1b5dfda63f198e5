import FeedModel
import FeedStore
@testable import FeedStorePostgres
import Foundation
import Testing

/// As `FirstIngestTests` of the SQLite store: the first-ingest shortcut is confirmed against the tables.
@Suite struct PostgresFirstIngestTests {
    @Test func aFeedMarkedNeverIngestedThatHoldsItemsStillHasThemMatched() throws {
        let (store, _) = try PostgresTestSupport.freshStore()
        let id = try PostgresTestSupport.addLiveFeed(store)
        let articles = [PostgresTestSupport.article(1), PostgresTestSupport.article(2)]
        let now = PostgresTestSupport.start.addingTimeInterval(60)
        _ = try store.ingest(feedID: id, entries: articles, routes: PostgresTestSupport.routes, now: now, policy: PlainPolicy())
        try store.withSession { (db: PostgresSession) throws(StoreError) in
            try db.run("UPDATE feeds SET first_success_done = 0 WHERE id = $1", [id])
        }
        let again = try store.ingest(feedID: id, entries: articles, routes: PostgresTestSupport.routes,
                                     now: now.addingTimeInterval(60), policy: PlainPolicy())
        #expect(again.newItems.isEmpty && again.unchanged == 2)
        #expect(try store.items(feedName: "news", since: nil, limit: 10).count == 2)
    }
}
