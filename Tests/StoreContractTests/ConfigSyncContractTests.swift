import FeedModel
import FeedStore
import Foundation
import Testing

/// Config sync: what the configured feed list does to the stored one, in both stores.
@Suite struct ConfigSyncContractTests {
    @Test(arguments: StoreKind.allCases)
    func aNewSubscriptionIsAddedDueAtOnce(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let report = try fixture.store.syncConfiguredFeeds([FeedSubscription(name: "news", url: "https://news.example/feed",
                                                                             tags: ["a", "b"])], now: ContractFixture.start)
        #expect(report.added == ["news"])
        let feed = try #require(try fixture.store.feeds().first)
        #expect(feed.url == "https://news.example/feed" && feed.kind == .main && feed.isActive && feed.tags == ["a", "b"])
        #expect(feed.fetchState.nextPollAt == ContractFixture.start)
        #expect(try fixture.store.hasMainFeed(named: "news"))
    }

    @Test(arguments: StoreKind.allCases)
    func changedSettingsAreUpdatedInPlace(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let id = try fixture.addFeed()
        let report = try fixture.store.syncConfiguredFeeds(
            [FeedSubscription(name: "news", url: "https://news.example/feed", tags: ["x"], interval: 900, keep: 86_400)],
            now: fixture.at(10))
        #expect(report.updated == ["news"])
        let feed = try #require(try fixture.store.feed(id: id))
        #expect(feed.tags == ["x"] && feed.interval == 900 && feed.keep == 86_400)
    }

    @Test(arguments: StoreKind.allCases)
    func aRemovedSubscriptionStopsItsFeedAndAReturningOneComesBack(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let id = try fixture.addFeed()
        let removed = try fixture.store.syncConfiguredFeeds([], now: fixture.at(10))
        #expect(removed.deactivated == ["news"])
        #expect(try fixture.store.feed(id: id)?.isActive == false)
        #expect(try fixture.store.feed(id: id)?.retiredReason == "removed from config")
        let back = try fixture.store.syncConfiguredFeeds([FeedSubscription(name: "news", url: "https://news.example/feed",
                                                                           tags: ["t"])], now: fixture.at(20))
        #expect(back.reactivated == ["news"])
        #expect(try fixture.store.feed(id: id)?.isActive == true)
    }

    @Test(arguments: StoreKind.allCases)
    func stoppingNamedFeedsLeavesOtherDaemonsFeedsAlone(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let mine = try fixture.addFeed("mine")
        let theirs = try fixture.addFeed("theirs")
        _ = try fixture.store.syncConfiguredFeeds([], stopping: .named(["mine"]), now: fixture.at(10))
        #expect(try fixture.store.feed(id: mine)?.isActive == false)
        #expect(try fixture.store.feed(id: theirs)?.isActive == true)
    }

    @Test(arguments: StoreKind.allCases)
    func aURLTwiceConfiguredIsAConflictNotAnError(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let report = try fixture.store.syncConfiguredFeeds([
            FeedSubscription(name: "one", url: "https://same.example/feed"),
            FeedSubscription(name: "two", url: "https://same.example/feed"),
        ], now: ContractFixture.start)
        #expect(report.added == ["one"])
        #expect(report.conflicts.count == 1 && report.conflicts[0].contains("two"))
    }

    @Test(arguments: StoreKind.allCases)
    func aPausedSubscriptionIsStoredButNotPolled(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        _ = try fixture.store.syncConfiguredFeeds([FeedSubscription(name: "news", url: "https://news.example/feed", paused: true)],
                                                  now: ContractFixture.start)
        let feed = try #require(try fixture.store.feeds().first)
        #expect(!feed.isActive && feed.retiredReason == Store.pausedReason)
        #expect(try fixture.store.dueFeeds(now: fixture.at(60), limit: nil).isEmpty)
    }
}
