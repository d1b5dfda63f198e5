import FeedModel
import FeedStore
import Foundation
import Testing

/// Config sync never fails on a URL another row already holds: a configured URL always wins.
@Suite struct URLCollisionSyncTests {
    let now = StoreFixture.start
    let news = FeedSubscription(name: "news", url: "https://news.example/feed")
    /// The comment feed of article 1 of `news`, as `StoreFixture.article(1, comments: true)` names it.
    let comments = FeedSubscription(name: "talk", url: "https://news.example/article-1/feed/")

    /// `news` with article 1 ingested, whose comment feed is registered; returns that comment feed's id.
    func newsWithACommentFeed(_ fixture: StoreFixture) throws -> Int64 {
        _ = try fixture.store.syncConfiguredFeeds([news], now: now)
        let feedID = try #require(try fixture.store.feeds().first?.id)
        let result = try fixture.ingest(feedID, [StoreFixture.article(1, comments: true)])
        return try #require(result.registeredCommentFeeds.first).id
    }

    @Test func aConfiguredURLTurnsTheCommentFeedHoldingItIntoTheMainFeed() throws {
        let fixture = try StoreFixture()
        let commentFeedID = try newsWithACommentFeed(fixture)
        _ = try fixture.ingest(commentFeedID, [StoreFixture.comment(1)])
        let report = try fixture.store.syncConfiguredFeeds([news, comments], now: now + 60)
        #expect(report.added == ["talk"] && report.conflicts.isEmpty)
        let feed = try #require(try fixture.store.feed(id: commentFeedID))
        #expect(feed.kind == .main && feed.name == "talk" && feed.configuredURL == comments.url && feed.isActive)
        #expect(feed.parentItemID == nil)
        #expect(try fixture.ingest(commentFeedID, [StoreFixture.comment(1)], at: 120).newItems.isEmpty)
        #expect(try fixture.store.syncConfiguredFeeds([news, comments], now: now + 180) == SyncReport())
    }

    @Test func aRetiredCommentFeedHoldingTheURLIsTakenOverToo() throws {
        let fixture = try StoreFixture()
        let commentFeedID = try newsWithACommentFeed(fixture)
        try fixture.store.retireFeed(feedID: commentFeedID, reason: "comment window closed")
        _ = try fixture.store.syncConfiguredFeeds([news, comments], now: now + 60)
        let feed = try #require(try fixture.store.feed(id: commentFeedID))
        #expect(feed.kind == .main && feed.isActive && feed.fetchState.nextPollAt <= now + 60)
    }

    @Test func changingAFeedsURLToOneACommentFeedHoldsDoesNotFail() throws {
        let fixture = try StoreFixture()
        _ = try newsWithACommentFeed(fixture)
        let blog = FeedSubscription(name: "blog", url: "https://blog.example/feed")
        _ = try fixture.store.syncConfiguredFeeds([news, blog], now: now + 60)
        var moved = blog
        moved.url = comments.url
        let report = try fixture.store.syncConfiguredFeeds([news, moved], now: now + 120)
        #expect(report.conflicts.isEmpty)
        let active = try fixture.store.feeds().filter { $0.kind == .main && $0.isActive }
        #expect(active.map(\.url).sorted() == [comments.url, news.url])
    }

    @Test func aFeedWhoseRedirectTookAConfiguredURLGoesBackToItsOwn() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.syncConfiguredFeeds([news], now: now)
        let feedID = try #require(try fixture.store.feeds().first?.id)
        let target = "https://news.example/new-feed"
        #expect(try fixture.store.adoptRedirect(feedID: feedID, to: target))
        let other = FeedSubscription(name: "other", url: target)
        let report = try fixture.store.syncConfiguredFeeds([news, other], now: now + 60)
        #expect(report.added == ["other"] && report.conflicts.isEmpty)
        let urls = try fixture.store.feeds().map(\.url)
        #expect(urls == [news.url, target])
    }

    @Test func theSameURLConfiguredTwiceIsAConflictNotAnError() throws {
        let fixture = try StoreFixture()
        var twin = news
        twin.name = "twin"
        let report = try fixture.store.syncConfiguredFeeds([news, twin], now: now)
        #expect(report.added == ["news"])
        #expect(report.conflicts == ["store: feed twin (https://news.example/feed): not given its URL, which feed news (id 1) already polls"])
        #expect(try fixture.store.feeds().map(\.name) == ["news"])
    }
}
