import FeedModel
import FeedStore
import Foundation
import Testing

/// Digest rows in the outbox: members wait, one transaction makes the digest, delivering it
/// delivers them.
@Suite struct OutboxDigestTests {
    static let routes = [HookRoute(hook: "morning", events: [.new], collectsDigest: true)]

    private func fixtureWithThreeMembers() throws -> StoreFixture {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.store.ingest(feedID: feedID, entries: (1...3).map { StoreFixture.article($0) },
                                     routes: Self.routes, now: StoreFixture.start.addingTimeInterval(60))
        return fixture
    }

    @Test func membersAreNeverClaimedAlone() throws {
        let fixture = try fixtureWithThreeMembers()
        let later = StoreFixture.start.addingTimeInterval(3600)
        #expect(try fixture.store.pendingDeliveries(now: later, limit: 10).isEmpty)
        #expect(try fixture.store.nextOutboxDue() == nil)
        #expect(try fixture.store.hooksWaitingForDigest() == ["morning"])
    }

    @Test func aPeriodNotYetOverMakesNoDigest() throws {
        let fixture = try fixtureWithThreeMembers()
        let id = try fixture.store.closeDigest(hook: "morning", createdBefore: StoreFixture.start.addingTimeInterval(60),
                                               now: StoreFixture.start.addingTimeInterval(61))
        #expect(id == nil)
    }

    @Test func closingMakesOneDueDigestCarryingEveryMember() throws {
        let fixture = try fixtureWithThreeMembers()
        let now = StoreFixture.start.addingTimeInterval(120)
        let id = try #require(try fixture.store.closeDigest(hook: "morning", createdBefore: now, now: now))
        #expect(try fixture.store.closeDigest(hook: "morning", createdBefore: now, now: now) == nil)
        let due = try fixture.store.pendingDeliveries(now: now, limit: 10)
        try #require(due.count == 1)
        #expect(due[0].deliveryID == id && due[0].digestRole == .digest)
        #expect(due[0].digestMembers.compactMap(\.item.entry.title) == ["Article 1", "Article 2", "Article 3"])
        #expect(try fixture.store.hooksWaitingForDigest().isEmpty)
    }

    @Test func deliveringTheDigestDeliversItsMembers() throws {
        let fixture = try fixtureWithThreeMembers()
        let now = StoreFixture.start.addingTimeInterval(120)
        try fixture.store.closeDigest(hook: "morning", createdBefore: now, now: now)
        let digest = try #require(try fixture.store.pendingDeliveries(now: now, limit: 10).first)
        try fixture.store.markDelivered(id: digest.id, at: now, response: "HTTP 200")
        let rows = try fixture.store.outbox(state: .all)
        #expect(rows.count == 4 && rows.allSatisfy { $0.deliveredAt == now })
        #expect(try fixture.store.outbox(state: .pending).isEmpty)
    }

    @Test func theReceiversAnswerIsKeptOnOneBoundedLine() throws {
        let fixture = try fixtureWithThreeMembers()
        let now = StoreFixture.start.addingTimeInterval(120)
        try fixture.store.closeDigest(hook: "morning", createdBefore: now, now: now)
        let digest = try #require(try fixture.store.pendingDeliveries(now: now, limit: 10).first)
        try fixture.store.markDelivered(id: digest.id, at: now, response: "HTTP 200\nX-Evil: 1" + String(repeating: "x", count: 500))
        let stored = try #require(try fixture.store.recentDeliveries(hook: "morning", limit: 1).first?.lastResponse)
        #expect(stored.hasPrefix("HTTP 200\\nX-Evil: 1") && !stored.contains("\n") && stored.count <= 201)
    }

    @Test func recentDeliveriesAreNewestFirstAndLimited() throws {
        let fixture = try fixtureWithThreeMembers()
        let rows = try fixture.store.recentDeliveries(hook: "morning", limit: 2)
        #expect(rows.map(\.id) == (try fixture.store.outbox(state: .all)).map(\.id).reversed().prefix(2).map { $0 })
        #expect(try fixture.store.recentDeliveries(hook: "other", limit: 5).isEmpty)
    }
}
