@testable import FeedStore
import FeedDaemon
import FeedModel
import Foundation
import Testing

/// Several feeds' ingests in one transaction (`Store.ingest(_:)`), each all or nothing.
@Suite struct GroupCommitTests {
    static func success(at date: Date, etag: String) -> SuccessRecord {
        SuccessRecord(at: date, etag: etag, lastModified: nil, bodyHash: "h-" + etag, status: 200, nextPollAt: date + 1800,
                      feedTitle: nil, homePageURL: nil)
    }

    static func ingest(_ feedID: Int64, etag: String, items: ClosedRange<Int>) -> FeedIngest {
        let at = StoreFixture.start + 60
        let entries = items.map { n in
            Entry(guid: "urn:\(feedID):\(n)", url: "https://f\(feedID).example/\(n)", title: "Item \(n) of \(feedID)",
                  contentHTML: "<p>Body \(n)</p>")
        }
        return FeedIngest(feedID: feedID, entries: entries, routes: StoreFixture.routes, now: at,
                          success: success(at: at, etag: etag), policy: IngestPlanner())
    }

    /// One group of three feeds (3, 4 and 2 items) whose middle one fails: its success record is
    /// written after its items, so refusing it fails the feed after its items are in.
    static func ingestFailingTheMiddleFeed(_ fixture: StoreFixture, _ ids: [Int64]) throws -> [Result<IngestResult, StoreError>] {
        let db = try SQLiteConnection(path: fixture.path)
        try db.executeScript("""
            CREATE TRIGGER refuse_b BEFORE UPDATE OF etag ON feeds WHEN NEW.id = \(ids[1])
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
            """)
        return try fixture.store.ingest([Self.ingest(ids[0], etag: "\"a\"", items: 1...3),
                                         Self.ingest(ids[1], etag: "\"b\"", items: 1...4),
                                         Self.ingest(ids[2], etag: "\"c\"", items: 1...2)])
    }

    @Test func aGroupStoresEveryFeedsItemsAndValidatorsAsSeparateIngestsWould() throws {
        let fixture = try StoreFixture()
        let ids = [try fixture.addLiveFeed("a"), try fixture.addLiveFeed("b")]
        let results = try fixture.store.ingest([Self.ingest(ids[0], etag: "\"a\"", items: 1...3),
                                                Self.ingest(ids[1], etag: "\"b\"", items: 1...2)])
        #expect(try results.map { try $0.get().newItems.count } == [3, 2])
        #expect(try fixture.store.itemCount(feedID: ids[0]) == 3 && fixture.store.itemCount(feedID: ids[1]) == 2)
        #expect(try ids.map { try fixture.store.feed(id: $0)?.fetchState.etag } == ["\"a\"", "\"b\""])
    }

    @Test func aFeedFailingHalfwayIsRolledBackWholeWhileTheOthersOfItsGroupCommit() throws {
        let fixture = try StoreFixture()
        let ids = [try fixture.addLiveFeed("a"), try fixture.addLiveFeed("b"), try fixture.addLiveFeed("c")]
        let results = try Self.ingestFailingTheMiddleFeed(fixture, ids)
        #expect(results.map { (try? $0.get()) == nil } == [false, true, false])
        #expect(try ids.map { try fixture.store.itemCount(feedID: $0) } == [3, 0, 2])
        #expect(try ids.map { try fixture.store.feed(id: $0)?.fetchState.etag } == ["\"a\"", nil, "\"c\""])
        let outboxItems = Set(try fixture.store.outbox(state: .pending).map(\.item.feedID))
        #expect(outboxItems == [ids[0], ids[2]])
    }

    @Test func searchFindsTheItemsOfTheFeedsAGroupCommittedAndNoneOfAFeedRolledBack() throws {
        let fixture = try StoreFixture()
        let ids = [try fixture.addLiveFeed("a"), try fixture.addLiveFeed("b"), try fixture.addLiveFeed("c")]
        _ = try Self.ingestFailingTheMiddleFeed(fixture, ids)
        let db = try SQLiteConnection(path: fixture.path)
        let found = try fixture.store.search("body", limit: 100)
        #expect(found.count == 5)
        #expect(Set(found.map(\.feedID)) == [ids[0], ids[2]])
        #expect(try fixture.store.search("\"item 4 of \(ids[1])\"", limit: 10).isEmpty)
        // The index holds exactly the tokens of the stored rows: FTS5's own check of a contentless index.
        try db.executeScript("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 0)")
    }

    @Test func anItemChangedInALaterGroupIsFoundByItsNewTextOnly() throws {
        let fixture = try StoreFixture()
        let id = try fixture.addLiveFeed("a")
        let first = Self.ingest(id, etag: "\"a\"", items: 1...2)
        _ = try fixture.store.ingest([first])
        var second = first
        second.success = Self.success(at: first.now + 60, etag: "\"a2\"")
        second.now = first.now + 60
        second.entries[0].title = "Renamed walrus"
        second.entries[0].contentHTML = "<p>New text</p>"
        let results = try fixture.store.ingest([second])
        #expect(try results[0].get().updatedItems.count == 1)
        #expect(try fixture.store.search("walrus", limit: 10).count == 1)
        #expect(try fixture.store.search("\"body 1\"", limit: 10).isEmpty)
        #expect(try fixture.store.search("\"body 2\"", limit: 10).count == 1)
        let db = try SQLiteConnection(path: fixture.path)
        try db.executeScript("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 0)")
    }

    @Test func theDefaultGroupCommitOfAStoreWithoutOneIngestsEachFeedOnItsOwn() throws {
        let fixture = try StoreFixture()
        let id = try fixture.addLiveFeed("a")
        let store: any ItemStoring = OneByOneStore(store: fixture.store)
        let results = try store.ingest([Self.ingest(id, etag: "\"a\"", items: 1...2), Self.ingest(999, etag: "\"x\"", items: 1...1)])
        #expect(results.map { (try? $0.get()) == nil } == [false, true])
        #expect(try fixture.store.itemCount(feedID: id) == 2)
    }
}

/// An `ItemStoring` that forwards the single-feed calls and has no group commit of its own.
private struct OneByOneStore: ItemStoring {
    let store: Store

    func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date,
                policy: any IngestPolicy) throws(StoreError) -> IngestResult {
        try store.ingest(feedID: feedID, entries: entries, routes: routes, now: now, policy: policy)
    }
    func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date, recordingSuccess success: SuccessRecord,
                policy: any IngestPolicy) throws(StoreError) -> IngestResult {
        try store.ingest(feedID: feedID, entries: entries, routes: routes, now: now, recordingSuccess: success, policy: policy)
    }
    func articleDates(id: Int64) throws(StoreError) -> ArticleDates? { try store.articleDates(id: id) }
    func recentItemDates(feedID: Int64, limit: Int, now: Date) throws(StoreError) -> [Date] {
        try store.recentItemDates(feedID: feedID, limit: limit, now: now)
    }
    func itemActivity(feedID: Int64) throws(StoreError) -> ItemActivity { try store.itemActivity(feedID: feedID) }
    func applyRetention(now: Date) throws(StoreError) -> Int { try store.applyRetention(now: now) }
}
