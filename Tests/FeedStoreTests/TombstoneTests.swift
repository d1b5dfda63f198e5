import FeedModel
import FeedStore
import Foundation
import Testing

/// An item retention deleted is remembered: when its feed lists it again it is stored again
/// silently, never `new` a second time.
@Suite struct TombstoneTests {
    static let day: TimeInterval = 86_400

    /// A live feed with `keep` of a day that announced `entry`, whose delivery went out, and
    /// which retention then deleted after the feed stopped listing it; returns the feed and the item.
    static func feedThatForgot(_ entry: Entry, _ fixture: StoreFixture) throws -> (feedID: Int64, item: StoredItem) {
        let feedID = try fixture.addFeed(keep: day)
        _ = try fixture.ingest(feedID, [], at: 0)
        let first = try fixture.ingest(feedID, [entry], at: 60)
        let item = try #require(first.newItems.first)
        for row in try fixture.store.outbox(state: .pending) {
            try fixture.store.markDelivered(id: row.id, at: StoreFixture.start.addingTimeInterval(120))
        }
        _ = try fixture.ingest(feedID, [StoreFixture.article(99)], at: 2 * day)
        #expect(try fixture.store.applyRetention(now: StoreFixture.start.addingTimeInterval(3 * day)) == 1)
        return (feedID, item)
    }

    @Test func anItemDeletedByRetentionIsNotNewWhenItsFeedListsItAgain() throws {
        let fixture = try StoreFixture()
        let (feedID, item) = try Self.feedThatForgot(StoreFixture.article(1), fixture)
        let returned = try fixture.ingest(feedID, [StoreFixture.article(1), StoreFixture.article(99)], at: 4 * Self.day)
        #expect(returned.newItems.isEmpty && returned.outboxRows == 0 && returned.restored == 1)
        #expect(try fixture.store.outbox(state: .pending).allSatisfy { $0.item.entry.title == "Article 99" })
        let stored = try #require(try fixture.store.items(feedName: nil, since: nil, limit: 10).first { $0.identityKey == item.identityKey })
        #expect(stored.firstSeen == item.firstSeen)
    }

    @Test func anItemDeletedByRetentionIsNotNewUnderARewrittenGuid() throws {
        let fixture = try StoreFixture()
        let (feedID, _) = try Self.feedThatForgot(StoreFixture.article(1, scheme: "http"), fixture)
        let returned = try fixture.ingest(feedID, [StoreFixture.article(1, scheme: "https")], at: 4 * Self.day)
        #expect(returned.newItems.isEmpty && returned.outboxRows == 0 && returned.restored == 1)
    }

    @Test func aGenuinelyNewItemStillFiresAfterRetentionDeletedOthers() throws {
        let fixture = try StoreFixture()
        let (feedID, _) = try Self.feedThatForgot(StoreFixture.article(1), fixture)
        let next = try fixture.ingest(feedID, [StoreFixture.article(2), StoreFixture.article(99)], at: 4 * Self.day)
        #expect(next.newItems.map(\.entry.title) == ["Article 2"] && next.restored == 0)
        #expect(next.outboxRows == 2)
    }

    @Test func aRestoredItemCanBeDeletedAndRestoredAgain() throws {
        let fixture = try StoreFixture()
        let (feedID, _) = try Self.feedThatForgot(StoreFixture.article(1), fixture)
        _ = try fixture.ingest(feedID, [StoreFixture.article(1)], at: 4 * Self.day)
        _ = try fixture.ingest(feedID, [StoreFixture.article(99)], at: 6 * Self.day)
        #expect(try fixture.store.applyRetention(now: StoreFixture.start.addingTimeInterval(7 * Self.day)) == 1)
        let again = try fixture.ingest(feedID, [StoreFixture.article(1)], at: 8 * Self.day)
        #expect(again.newItems.isEmpty && again.restored == 1)
    }
}
