import FeedModel
import FeedStore
import Foundation
import Testing

/// Retention and its tombstones: old items go, what a feed still lists or still has to deliver
/// stays, and an identity once seen is never new again.
@Suite struct RetentionContractTests {
    private typealias F = ContractFixture
    static let day: TimeInterval = 86_400

    /// A live feed with `keep` of a day whose article 1 was announced, delivered and then left
    /// the feed for article 99; retention deleted it.
    private func feedThatForgot(_ fixture: F, _ entry: Entry = F.article(1)) throws -> Int64 {
        let id = try fixture.addFeed(keep: Self.day)
        try fixture.ingest(id, [], at: 0)
        try fixture.ingest(id, [entry], at: 60)
        for row in try fixture.store.outbox(state: .pending) {
            try fixture.store.markDelivered(id: row.id, at: fixture.at(120), response: nil)
        }
        try fixture.ingest(id, [F.article(99)], at: 2 * Self.day)
        #expect(try fixture.store.applyRetention(now: fixture.at(3 * Self.day)) == 1)
        return id
    }

    @Test(arguments: StoreKind.allCases)
    func itemsPastKeepAreDeletedAndWhatTheFeedListsStays(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try feedThatForgot(fixture)
        #expect(try fixture.store.items(feedName: "news", since: nil, limit: 10).map(\.entry.title) == ["Article 99"])
        #expect(try fixture.store.itemCount(feedID: id) == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func anItemWithAPendingDeliveryIsKept(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed(keep: Self.day)
        try fixture.ingest(id, [], at: 0)
        try fixture.ingest(id, [F.article(1)], at: 60)
        try fixture.ingest(id, [F.article(99)], at: 2 * Self.day)
        #expect(try fixture.store.applyRetention(now: fixture.at(3 * Self.day)) == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func aDeletedIdentityIsNeverNewAgain(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try feedThatForgot(fixture)
        let back = try fixture.ingest(id, [F.article(1), F.article(99)], at: 4 * Self.day)
        #expect(back.newItems.isEmpty && back.outboxRows == 0 && back.restored == 1)
        let restored = try #require(try fixture.store.items(feedName: "news", since: nil, limit: 10)
            .first { $0.entry.title == "Article 1" })
        #expect(restored.firstSeen == fixture.at(60))
    }

    @Test(arguments: StoreKind.allCases)
    func aDeletedIdentityUnderARewrittenGuidIsNeverNewAgain(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try feedThatForgot(fixture, F.article(1, scheme: "http"))
        let back = try fixture.ingest(id, [F.article(1, scheme: "https")], at: 4 * Self.day)
        #expect(back.newItems.isEmpty && back.restored == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func maxItemsDeletesOnlyItemsTheFeedNoLongerLists(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed(maxItems: 2)
        try fixture.ingest(id, (1...4).map { F.article($0) }, at: 0)
        #expect(try fixture.store.applyRetention(now: fixture.at(60)) == 0)
        try fixture.ingest(id, [F.article(1)], at: 2 * Self.day)
        #expect(try fixture.store.applyRetention(now: fixture.at(2 * Self.day + 60)) == 2)
        #expect(try fixture.store.items(feedName: "news", since: nil, limit: 10).map(\.entry.title) == ["Article 1", "Article 2"])
    }
}
