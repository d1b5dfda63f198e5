import FeedModel
import FeedStore
import Foundation
import Testing

@Suite struct FetchStateTests {
    let now = StoreFixture.start

    @Test func successStoresValidatorsAndClearsErrors() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed()
        try fixture.store.recordFailure(feedID: feedID, at: now, status: 503, error: "fetch: HTTP 503", nextPollAt: now + 600,
                                        retryNotBefore: now + 300)
        try fixture.store.recordFailure(feedID: feedID, at: now + 600, status: nil, error: "fetch: timeout",
                                        nextPollAt: now + 1800, retryNotBefore: nil)
        var state = try #require(try fixture.store.feed(id: feedID)).fetchState
        #expect(state.consecutiveErrors == 2 && state.lastError == "fetch: timeout" && state.lastStatus == nil)

        try fixture.store.recordSuccess(feedID: feedID, at: now + 1800, etag: "\"abc\"", lastModified: "Mon, 01 Jan 2024 00:00:00 GMT",
                                        bodyHash: "h1", status: 200, nextPollAt: now + 2700, feedTitle: "News", homePageURL: "https://news.example/")
        state = try #require(try fixture.store.feed(id: feedID)).fetchState
        #expect(state.consecutiveErrors == 0 && state.lastError == nil && state.lastStatus == 200)
        #expect(state.etag == "\"abc\"" && state.bodyHash == "h1" && state.title == "News")
        #expect(state.nextPollAt == now + 2700 && state.lastSuccessAt == now + 1800)

        try fixture.store.recordNotModified(feedID: feedID, at: now + 2700, nextPollAt: now + 3600)
        state = try #require(try fixture.store.feed(id: feedID)).fetchState
        #expect(state.lastStatus == 304 && state.etag == "\"abc\"" && state.title == "News")
    }

    @Test func dueFeedsRespectPollTimeAndRetryAfter() throws {
        let fixture = try StoreFixture()
        let a = try fixture.addFeed("a")
        let b = try fixture.addFeed("b")
        let c = try fixture.addFeed("c")
        try fixture.store.recordNotModified(feedID: a, at: now, nextPollAt: now + 600)
        try fixture.store.recordFailure(feedID: b, at: now, status: 429, error: "fetch: HTTP 429", nextPollAt: now,
                                        retryNotBefore: now + 1200)
        #expect(try fixture.store.dueFeeds(now: now, limit: nil).map(\.id) == [c])
        #expect(Set(try fixture.store.dueFeeds(now: now + 900, limit: nil).map(\.id)) == [a, c])
        #expect(Set(try fixture.store.dueFeeds(now: now + 1200, limit: nil).map(\.id)) == [a, b, c])
        #expect(try fixture.store.dueFeeds(now: now + 1200, limit: 1).count == 1)
        try fixture.store.retireFeed(feedID: c, reason: "fetch: HTTP 410 Gone")
        #expect(try fixture.store.allActiveFeeds().map(\.id) == [a, b])
        #expect(try fixture.store.feed(id: c)?.retiredReason == "fetch: HTTP 410 Gone")
    }

    @Test func consecutiveSightingsOfOneRedirectAreCounted() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed(url: "http://news.example/feed")
        let target = "https://news.example/feed/"
        #expect(try fixture.store.recordRedirectSighting(feedID: feedID, to: target).consecutivePolls == 1)
        try fixture.store.recordSuccess(feedID: feedID, at: now, etag: nil, lastModified: nil, bodyHash: nil, status: 200,
                                        nextPollAt: now, feedTitle: nil, homePageURL: nil)
        let second = try fixture.store.recordRedirectSighting(feedID: feedID, to: target)
        #expect(second == RedirectSighting(target: target, consecutivePolls: 2, targetInUse: false))
        #expect(try fixture.store.feed(id: feedID)?.url == "http://news.example/feed")
    }

    @Test func anAdoptedRedirectMovesTheFeedAndSurvivesTheNextSync() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed(url: "http://news.example/feed")
        let target = "https://news.example/feed/"
        #expect(try fixture.store.adoptRedirect(feedID: feedID, to: target))
        #expect(try fixture.store.feed(id: feedID)?.url == target)
        // The config still names the old URL: the next sync keeps the adopted one.
        let report = try fixture.store.syncConfiguredFeeds([FeedSubscription(name: "news", url: "http://news.example/feed", tags: ["t"])], now: now)
        #expect(report == SyncReport())
        #expect(try fixture.store.feed(id: feedID)?.url == target)
    }

    @Test func aDifferentTargetOrAPlainPollInBetweenStartsTheCountAgain() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed(url: "http://news.example/feed")
        let poll = { () throws in
            try fixture.store.recordNotModified(feedID: feedID, at: self.now, nextPollAt: self.now)
        }
        let sight = { (target: String) throws -> Int in
            try fixture.store.recordRedirectSighting(feedID: feedID, to: target).consecutivePolls
        }
        #expect(try sight("https://a.example/feed") == 1)
        try poll()
        #expect(try sight("https://b.example/feed") == 1)
        try poll()
        try poll()
        #expect(try sight("https://b.example/feed") == 1)
        try poll()
        #expect(try sight("https://b.example/feed") == 2)
    }

    @Test func aRedirectOntoAnotherFeedsURLIsReportedAndNotAdopted() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed("news", url: "http://news.example/feed")
        _ = try fixture.addFeed("other", url: "https://other.example/feed")
        #expect(try fixture.store.recordRedirectSighting(feedID: feedID, to: "https://other.example/feed").targetInUse)
        #expect(try fixture.store.adoptRedirect(feedID: feedID, to: "https://other.example/feed") == false)
        #expect(try fixture.store.feed(id: feedID)?.url == "http://news.example/feed")
    }

    @Test func statusRowsCountItemsPerFeed() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1, comments: true), StoreFixture.article(2)])
        let rows = try fixture.store.statusRows()
        #expect(rows.map(\.itemCount) == [2, 0])
        #expect(rows.map(\.kind) == [.main, .comments])
        #expect(rows.allSatisfy { $0.isActive })
    }

    @Test func recordingStateForAnUnknownFeedFails() throws {
        let fixture = try StoreFixture()
        #expect(throws: StoreError.self) {
            try fixture.store.recordNotModified(feedID: 99, at: now, nextPollAt: now)
        }
    }
}
