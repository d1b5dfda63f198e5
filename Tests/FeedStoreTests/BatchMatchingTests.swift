import FeedModel
import FeedStore
import Foundation
import Testing

/// The guid-rewrite match inside one fetch sees what the same fetch already wrote: items it
/// inserted and items it re-keyed count as candidates with their new values.
@Suite struct BatchMatchingTests {
    static func entry(_ guid: String, title: String, published: TimeInterval) -> Entry {
        Entry(guid: guid, url: "https://show.example/", title: title, contentHTML: "<p>\(guid)</p>",
              published: StoreFixture.start.addingTimeInterval(published))
    }

    @Test func aVanishedItemIsTakenOverOnceEvenWhenTwoNewGuidsShareItsLink() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [Self.entry("old", title: "Show", published: 0)])
        let result = try fixture.ingest(feedID, [Self.entry("new-1", title: "Show", published: 10),
                                                 Self.entry("new-2", title: "Show", published: 20)], at: 120)
        // new-1 takes over "old" (same link and title); new-2 finds it claimed and is new.
        #expect(result.updatedItems.map(\.identityKey) == ["guid:new-1"])
        #expect(result.newItems.map(\.identityKey) == ["guid:new-2"])
        #expect(try fixture.store.itemCount(feedID: feedID) == 2)
    }

    @Test func anItemInsertedEarlierInTheFetchMakesASharedLinkAmbiguous() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [Self.entry("old", title: "Old title", published: 0)])
        // "first" matches nothing and is inserted; "second" shares the link with both "old"
        // (same date) and "first" (same title), so it is no rewrite of either.
        let result = try fixture.ingest(feedID, [Self.entry("first", title: "New title", published: 10),
                                                 Self.entry("second", title: "New title", published: 0)], at: 120)
        #expect(result.newItems.map(\.identityKey) == ["guid:first", "guid:second"])
        #expect(result.updatedItems.isEmpty)
        #expect(try fixture.store.itemCount(feedID: feedID) == 3)
    }

    @Test func aLargeFetchMatchesItsStoredItemsAcrossQueryChunks() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, (1...150).map { StoreFixture.article($0, scheme: "http") })
        let moved = try fixture.ingest(feedID, (1...150).map { StoreFixture.article($0, scheme: "https") }, at: 120)
        #expect(moved.newItems.isEmpty && moved.unchanged == 150)
        let again = try fixture.ingest(feedID, (1...151).map { StoreFixture.article($0) }, at: 180)
        #expect(again.newItems.map(\.identityKey) == ["guid:https://news.example/?p=151"] && again.unchanged == 150)
    }
}
