import FeedModel
import FeedStore
import Foundation
import Testing

@Suite struct OutboxTests {
    private func fixtureWithOneNewArticle() throws -> StoreFixture {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1)])
        return fixture
    }

    @Test func aDeliveryGoesFromPendingThroughAFailedAttemptToDelivered() throws {
        let fixture = try fixtureWithOneNewArticle()
        let store = fixture.store
        let now = StoreFixture.start.addingTimeInterval(60)
        let pending = try store.pendingDeliveries(now: now, limit: 10)
        #expect(pending.count == 2)
        let entry = try #require(pending.first { $0.hook == "desktop" })
        #expect(entry.feed.name == "news" && entry.item.entry.title == "Article 1" && entry.article == nil)

        let retryAt = now.addingTimeInterval(300)
        try store.markAttemptFailed(id: entry.id, owner: .current, error: "exit status 1", nextAttemptAt: retryAt)
        #expect(try store.pendingDeliveries(now: now, limit: 10).map(\.hook) == ["chat"])
        #expect(try store.nextOutboxDue() == now)
        let retried = try #require(try store.pendingDeliveries(now: retryAt, limit: 10).first { $0.id == entry.id })
        #expect(retried.attempts == 1 && retried.lastError == "exit status 1")

        try store.markDelivered(id: entry.id, at: retryAt)
        #expect(try store.outbox(state: .delivered).map(\.id) == [entry.id])
        #expect(try store.pendingDeliveries(now: retryAt, limit: 10).map(\.hook) == ["chat"])
    }

    @Test func aParkedDeliveryWaitsUntilRetried() throws {
        let fixture = try fixtureWithOneNewArticle()
        let store = fixture.store
        let now = StoreFixture.start.addingTimeInterval(60)
        let entries = try store.pendingDeliveries(now: now, limit: 10)
        for entry in entries { try store.park(id: entry.id, owner: .current, error: "HTTP 500", at: now) }
        #expect(try store.pendingDeliveries(now: now.addingTimeInterval(86_400), limit: 10).isEmpty)
        #expect(try store.outbox(state: .failed).count == 2)
        #expect(try store.nextOutboxDue() == nil)

        #expect(try store.retryParked(ids: [entries[0].id]) == 1)
        #expect(try store.pendingDeliveries(now: now, limit: 10).map(\.id) == [entries[0].id])
        #expect(try store.retryParked(ids: nil) == 1)
        #expect(try store.outbox(state: .pending).count == 2)
        #expect(try store.outbox(state: .pending).allSatisfy { $0.attempts == 0 })
    }

    @Test func deliveryIDsAreStableAndUnique() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1), StoreFixture.article(2)])
        _ = try fixture.ingest(feedID, [StoreFixture.article(1, content: "v2")], at: 120)
        _ = try fixture.ingest(feedID, [StoreFixture.article(1, content: "v3")], at: 180)
        let ids = try fixture.store.outbox(state: .all).map(\.deliveryID)
        #expect(ids.count == 6)  // 2 articles × 2 hooks, 2 updates × 1 hook
        #expect(Set(ids).count == ids.count)
        let reopened = try Store(path: fixture.path)
        #expect(try reopened.outbox(state: .all).map(\.deliveryID) == ids)
    }

    @Test func anItemWithoutMatchingRoutesGetsNoRows() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let result = try fixture.store.ingest(feedID: feedID, entries: [StoreFixture.article(1)],
                                              routes: [HookRoute(hook: "updates-only", events: [.updated])],
                                              now: StoreFixture.start)
        #expect(result.newItems.count == 1 && result.outboxRows == 0)
    }
}
