import FeedModel
import FeedStore
import Foundation
import Testing

/// Retention of a feed that answers 304, or the same body, for longer than `keep`: what it
/// listed at its last parsed fetch is still listed, so it stays.
@Suite struct RetentionListingTests {
    static let day: TimeInterval = 86_400

    /// A feed with `keep` of a day whose first fetch listed articles 1 and 2, parsed and recorded at `start`.
    static func feedListingTwoArticles(_ fixture: StoreFixture, keep: TimeInterval? = day,
                                       maxItems: Int? = nil) throws -> Int64 {
        let feedID = try fixture.addFeed(keep: keep, maxItems: maxItems)
        _ = try fixture.store.ingest(feedID: feedID, entries: [StoreFixture.article(1), StoreFixture.article(2)],
                                     routes: [], now: StoreFixture.start,
                                     recordingSuccess: success(at: StoreFixture.start))
        return feedID
    }

    static func success(at date: Date) -> SuccessRecord {
        SuccessRecord(at: date, etag: "\"v1\"", lastModified: nil, bodyHash: "h1", status: 200,
                      nextPollAt: date.addingTimeInterval(3600), feedTitle: nil, homePageURL: nil)
    }

    @Test func retentionKeepsWhatAFeedAnsweringNotModifiedStillLists() throws {
        let fixture = try StoreFixture()
        let feedID = try Self.feedListingTwoArticles(fixture)
        let later = StoreFixture.start.addingTimeInterval(10 * Self.day)
        try fixture.store.recordNotModified([NotModifiedRecord(feedID: feedID, at: later, nextPollAt: later + 3600)])
        #expect(try fixture.store.applyRetention(now: later) == 0)
        #expect(try fixture.store.itemCount(feedID: feedID) == 2)
    }

    @Test func retentionKeepsWhatAFeedWithAnUnchangedBodyStillLists() throws {
        let fixture = try StoreFixture()
        let feedID = try Self.feedListingTwoArticles(fixture)
        let later = StoreFixture.start.addingTimeInterval(10 * Self.day)
        let unchanged = Self.success(at: later)
        try fixture.store.recordSuccess(feedID: feedID, at: later, etag: unchanged.etag, lastModified: nil,
                                        bodyHash: unchanged.bodyHash, status: 200, nextPollAt: unchanged.nextPollAt,
                                        feedTitle: nil, homePageURL: nil)
        #expect(try fixture.store.applyRetention(now: later) == 0)
    }

    @Test func retentionStillDeletesWhatTheLastListingLeftOut() throws {
        let fixture = try StoreFixture()
        let feedID = try Self.feedListingTwoArticles(fixture)
        let nextDay = StoreFixture.start.addingTimeInterval(Self.day)
        _ = try fixture.store.ingest(feedID: feedID, entries: [StoreFixture.article(1)], routes: [], now: nextDay,
                                     recordingSuccess: Self.success(at: nextDay))
        let later = StoreFixture.start.addingTimeInterval(10 * Self.day)
        try fixture.store.recordNotModified(feedID: feedID, at: later, nextPollAt: later + 3600)
        #expect(try fixture.store.applyRetention(now: later) == 1)
        #expect(try fixture.store.items(feedName: nil, since: nil, limit: 10).map(\.entry.title) == ["Article 1"])
    }

    @Test func retentionDeletesTheItemsOfAFeedNotHeardFromForLongerThanKeep() throws {
        let fixture = try StoreFixture()
        let feedID = try Self.feedListingTwoArticles(fixture)
        let later = StoreFixture.start.addingTimeInterval(10 * Self.day)
        try fixture.store.recordFailure(feedID: feedID, at: later, status: 500, error: "down", nextPollAt: later + 3600,
                                        retryNotBefore: nil)
        #expect(try fixture.store.applyRetention(now: later) == 2)
    }

    @Test func maxItemsKeepsWhatAFeedAnsweringNotModifiedStillLists() throws {
        let fixture = try StoreFixture()
        let feedID = try Self.feedListingTwoArticles(fixture, keep: nil, maxItems: 1)
        let later = StoreFixture.start.addingTimeInterval(3 * Self.day)
        try fixture.store.recordNotModified(feedID: feedID, at: later, nextPollAt: later + 3600)
        #expect(try fixture.store.applyRetention(now: later) == 0)
    }
}
