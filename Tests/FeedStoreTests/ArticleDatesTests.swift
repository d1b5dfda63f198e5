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
            #expect(dates.feedID == feedID && dates.feedName == "news")
            #expect(dates.publishedOrSeen == (stored.entry.published ?? stored.firstSeen))
            #expect(dates.firstSeen == stored.firstSeen)
            #expect(dates.lastSeen == stored.lastSeen)
        }
    }

    @Test func aFutureDateCountsAsTheFirstSighting() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed()
        let future = StoreFixture.article(1, published: StoreFixture.start.addingTimeInterval(365 * 86_400))
        let stored = try #require(try fixture.ingest(feedID, [future]).newItems.first)
        let dates = try #require(try fixture.store.articleDates(id: stored.id))
        #expect(dates.publishedOrSeen == stored.firstSeen)
    }

    @Test func aPastDateIsThePublicationDate() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed()
        let stored = try #require(try fixture.ingest(feedID, [StoreFixture.article(3)]).newItems.first)
        let dates = try #require(try fixture.store.articleDates(id: stored.id))
        #expect(dates.publishedOrSeen == StoreFixture.start.addingTimeInterval(-3 * 3600))
    }

    @Test func articleDatesOfAMissingItemAreNil() throws {
        let fixture = try StoreFixture()
        #expect(try fixture.store.articleDates(id: 42) == nil)
    }
}
