import FeedModel
import FeedStore
import Foundation
import Testing

@Suite struct SyncTests {
    let now = StoreFixture.start
    let news = FeedSubscription(name: "news", url: "https://news.example/feed", tags: ["news"])
    let blog = FeedSubscription(name: "blog", url: "https://blog.example/feed")

    @Test func newSubscriptionsAreAddedAndDueNow() throws {
        let fixture = try StoreFixture()
        let report = try fixture.store.syncConfiguredFeeds([news, blog], now: now)
        #expect(report.added == ["news", "blog"])
        let feeds = try fixture.store.feeds()
        #expect(feeds.map(\.url) == [news.url, blog.url])
        #expect(feeds.allSatisfy { $0.kind == .main && $0.isActive && $0.fetchState.nextPollAt == now })
        #expect(feeds.first?.tags == ["news"] && feeds.first?.commentsWindow == 7 * 86_400)
        #expect(try fixture.store.dueFeeds(now: now, limit: nil).count == 2)
    }

    @Test func anUnchangedConfigChangesNothing() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.syncConfiguredFeeds([news, blog], now: now)
        #expect(try fixture.store.syncConfiguredFeeds([news, blog], now: now + 60) == SyncReport())
    }

    @Test func aSharedStoreSyncStopsOnlyTheFeedsThisConfigDropped() throws {
        let fixture = try StoreFixture()
        let other = FeedSubscription(name: "other", url: "https://other.example/feed")
        _ = try fixture.store.syncConfiguredFeeds([news, blog, other], now: now)
        let report = try fixture.store.syncConfiguredFeeds([news], stopping: .named(["blog"]), now: now + 60)
        #expect(report.deactivated == ["blog"])
        let active = try fixture.store.feeds().filter(\.isActive).map(\.name)
        #expect(active == ["news", "other"])
    }

    @Test func changedSettingsAreUpdated() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.syncConfiguredFeeds([news], now: now)
        var changed = news
        changed.interval = 600
        changed.tags = ["news", "ki"]
        changed.notifyBacklog = true
        #expect(try fixture.store.syncConfiguredFeeds([changed], now: now).updated == ["news"])
        let feed = try #require(try fixture.store.feeds().first)
        #expect(feed.interval == 600 && feed.tags == ["news", "ki"] && feed.notifyBacklog)
    }

    @Test func aChangedURLKeepsTheHistoryOfTheSameName() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.syncConfiguredFeeds([news], now: now)
        let feedID = try #require(try fixture.store.feeds().first?.id)
        _ = try fixture.ingest(feedID, [StoreFixture.article(1)])
        try fixture.store.recordSuccess(feedID: feedID, at: now, etag: "e", lastModified: nil, bodyHash: "h", status: 200,
                                        nextPollAt: now + 3600, feedTitle: nil, homePageURL: nil)
        var moved = news
        moved.url = "https://news.example/rss"
        let report = try fixture.store.syncConfiguredFeeds([moved], now: now + 60)
        #expect(report.updated == ["news"] && report.added.isEmpty)
        let feed = try #require(try fixture.store.feed(id: feedID))
        #expect(feed.url == moved.url && feed.fetchState.etag == nil && feed.fetchState.nextPollAt == now + 60)
        #expect(try fixture.store.itemCount(feedID: feedID) == 1)
    }

    @Test func aRemovedFeedIsDeactivatedWithItsCommentFeedsAndKeepsItsItems() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.syncConfiguredFeeds([news, blog], now: now)
        let feedID = try #require(try fixture.store.feeds().first { $0.name == "news" }?.id)
        _ = try fixture.ingest(feedID, [StoreFixture.article(1, comments: true)])
        let report = try fixture.store.syncConfiguredFeeds([blog], now: now + 60)
        #expect(report.deactivated == ["news"])
        let feeds = try fixture.store.feeds()
        #expect(feeds.filter(\.isActive).map(\.name) == ["blog"])
        #expect(try fixture.store.itemCount(feedID: feedID) == 1)
        #expect(try fixture.store.dueFeeds(now: now + 60, limit: nil).map(\.name) == ["blog"])
    }

    @Test func reAddingAFeedReactivatesItAndItsCommentFeeds() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.syncConfiguredFeeds([news], now: now)
        let feedID = try #require(try fixture.store.feeds().first?.id)
        _ = try fixture.ingest(feedID, [StoreFixture.article(1, comments: true)])
        _ = try fixture.store.syncConfiguredFeeds([], now: now + 60)
        let report = try fixture.store.syncConfiguredFeeds([news], now: now + 120)
        #expect(report.reactivated == ["news"] && report.added.isEmpty)
        #expect(try fixture.store.feeds().allSatisfy { $0.isActive })
        #expect(try fixture.store.feeds().count == 2)
    }

    @Test func aFeedRetiredAsGoneStaysRetiredWhileItsURLIsUnchanged() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.syncConfiguredFeeds([news], now: now)
        let feedID = try #require(try fixture.store.feeds().first?.id)
        try fixture.store.retireFeed(feedID: feedID, reason: "fetch: HTTP 410 Gone")
        #expect(try fixture.store.syncConfiguredFeeds([news], now: now + 60).reactivated.isEmpty)
        var fixed = news
        fixed.url = "https://news.example/new-feed"
        #expect(try fixture.store.syncConfiguredFeeds([fixed], now: now + 120).reactivated == ["news"])
    }
}
