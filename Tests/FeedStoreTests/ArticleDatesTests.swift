import FeedModel
import FeedStore
import Foundation
import Testing

@Suite struct ArticleDatesTests {
    @Test func articleDatesAgreeWithTheStoredItemWithoutDecodingIt() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed()
        let undated = Entry(guid: "https://news.example/?p=9", url: "https://news.example/undated/", title: "Undated")
        let result = try fixture.ingest(feedID, [StoreFixture.article(1), undated])
        for stored in result.newItems {
            let dates = try #require(try fixture.store.articleDates(id: stored.id))
            #expect(dates.feedID == feedID)
            #expect(dates.publishedOrSeen == (stored.entry.published ?? stored.firstSeen))
            #expect(dates.firstSeen == stored.firstSeen)
            #expect(dates.lastSeen == stored.lastSeen)
        }
    }

    @Test func articleDatesOfAMissingItemAreNil() throws {
        let fixture = try StoreFixture()
        #expect(try fixture.store.articleDates(id: 42) == nil)
    }
}
