import FeedModel
import Foundation
import Testing
import TestSupport
@testable import FeedDaemon
@testable import FeedStore

/// `feedd store copy` between two SQLite files: every row with its id, so nothing is announced
/// again on the copy, and the copy searches like the original.
@Suite struct StoreCopyTests {
    static let start = Date(timeIntervalSince1970: 1_750_000_000)
    static let routes = [HookRoute(hook: "desktop", events: [.new, .comment]),
                         HookRoute(hook: "daily", events: [.new], collectsDigest: true)]

    static func article(_ n: Int, feed: String = "news") -> Entry {
        Entry(guid: "https://\(feed).example/?p=\(n)", url: "https://\(feed).example/article-\(n)/",
              title: "Article \(n) über Käse", contentHTML: "<p>Body of article \(n) about Emmentaler</p>",
              published: start.addingTimeInterval(TimeInterval(-3600 * n)))
    }

    /// A store with what a copy must carry: fetch state, delivered, pending, parked and digested
    /// deliveries, and tombstones of items retention deleted.
    static func populatedStore(in directory: TemporaryDirectory) throws -> Store {
        let store = try Store(path: directory.path("a.sqlite"))
        _ = try store.syncConfiguredFeeds([FeedSubscription(name: "news", url: "https://news.example/feed"),
                                           FeedSubscription(name: "small", url: "https://small.example/feed", keep: 86400)],
                                          now: start)
        let news = try #require(try store.feeds().first { $0.name == "news" }).id
        let small = try #require(try store.feeds().first { $0.name == "small" }).id
        _ = try store.ingest(feedID: news, entries: [], routes: routes, now: start, policy: IngestPlanner())
        _ = try store.ingest(feedID: news, entries: (1...4).map { article($0) }, routes: routes,
                             now: start.addingTimeInterval(60), policy: IngestPlanner())
        try store.recordSuccess(feedID: news, at: start.addingTimeInterval(60), etag: "\"v1\"",
                                lastModified: "Mon, 01 Jun 2026 10:00:00 GMT", bodyHash: "abc", status: 200,
                                nextPollAt: start.addingTimeInterval(960), feedTitle: "News", homePageURL: "https://news.example/")
        _ = try store.ingest(feedID: small, entries: (1...3).map { article($0, feed: "small") }, routes: [],
                             now: start.addingTimeInterval(60), policy: IngestPlanner())
        _ = try store.applyRetention(now: start.addingTimeInterval(30 * 86400))
        let desktop = try store.outbox(state: .pending).filter { $0.hook == "desktop" }.sorted { $0.id < $1.id }
        try store.markDelivered(id: desktop[0].id, at: start.addingTimeInterval(90), response: "ok")
        try store.park(id: desktop[1].id, owner: .current, error: "exit status 1", at: start.addingTimeInterval(90))
        try store.closeDigest(hook: "daily", createdBefore: start.addingTimeInterval(100), now: start.addingTimeInterval(100))
        return store
    }

    /// Every row of every copied table, as an export gives it.
    static func rows(_ store: any StoreCopying) throws -> [String: [[StoreValue]]] {
        var rows: [String: [[StoreValue]]] = [:]
        for table in CopiedTable.all { rows[table.name] = try store.exportRows(table, after: nil, limit: 100_000) }
        return rows
    }

    @Test func aCopyHoldsEveryRowOfTheOriginalWithItsIds() throws {
        let directory = try TemporaryDirectory()
        let original = try Self.populatedStore(in: directory)
        let report = try StoreCopier.copy(from: .sqlite(path: original.path), to: .sqlite(path: directory.path("b.sqlite")))
        let copy = try Store(path: directory.path("b.sqlite"))
        let before = try Self.rows(original), after = try Self.rows(copy)
        #expect(after == before)
        #expect(report.rows.map(\.table) == CopiedTable.all.map(\.name))
        #expect(report.rows.map(\.count) == CopiedTable.all.map { before[$0.name]?.count ?? -1 })
        // What the populated store must hold for this test to mean anything.
        for table in CopiedTable.all { #expect(before[table.name]?.isEmpty == false, "\(table.name) is empty") }
    }

    @Test func aCopyKeepsDeliveryIdsFetchStateAndDeliveryStates() throws {
        let directory = try TemporaryDirectory()
        let original = try Self.populatedStore(in: directory)
        _ = try StoreCopier.copy(from: .sqlite(path: original.path), to: .sqlite(path: directory.path("b.sqlite")))
        let copy = try Store(path: directory.path("b.sqlite"))
        for state in [OutboxState.pending, .failed, .delivered] {
            let was = try original.outbox(state: state), now = try copy.outbox(state: state)
            #expect(!was.isEmpty)
            #expect(now.map(\.id) == was.map(\.id))
            #expect(now.map(\.deliveryID) == was.map(\.deliveryID))
        }
        let news = try #require(try copy.feeds().first { $0.name == "news" })
        #expect(news.fetchState.etag == "\"v1\"")
        #expect(news.fetchState.lastModified == "Mon, 01 Jun 2026 10:00:00 GMT")
        #expect(news.fetchState.bodyHash == "abc")
    }

    @Test func theCopyFindsWhatTheOriginalFinds() throws {
        let directory = try TemporaryDirectory()
        let original = try Self.populatedStore(in: directory)
        _ = try StoreCopier.copy(from: .sqlite(path: original.path), to: .sqlite(path: directory.path("b.sqlite")))
        let copy = try Store(path: directory.path("b.sqlite"))
        let found = try copy.search("emmentaler", limit: 50).map(\.id)
        #expect(!found.isEmpty)
        #expect(found.sorted() == (try original.search("emmentaler", limit: 50).map(\.id)).sorted())
        #expect(try copy.search("kase", limit: 50).count == found.count)
    }

    @Test func aStoreThatHoldsFeedsIsRefusedAndLeftAsItWas() throws {
        let directory = try TemporaryDirectory()
        let original = try Self.populatedStore(in: directory)
        let target = try Store(path: directory.path("b.sqlite"))
        _ = try target.syncConfiguredFeeds([FeedSubscription(name: "mine", url: "https://mine.example/feed")], now: Self.start)
        let before = try Self.rows(target)
        #expect(throws: StoreCopier.Failure.self) {
            try StoreCopier.copy(from: .sqlite(path: original.path), to: .sqlite(path: target.path))
        }
        #expect(try Self.rows(target) == before)
    }

    @Test func aStoreIsNotCopiedOntoItself() throws {
        let directory = try TemporaryDirectory()
        let original = try Self.populatedStore(in: directory)
        let link = directory.path("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: original.path)
        let error = try #require(throws: StoreCopier.Failure.self) {
            try StoreCopier.copy(from: .sqlite(path: original.path), to: .sqlite(path: link))
        }
        #expect(error.description.contains("the same store"))
    }

    @Test func aTableLargerThanOneBatchIsCopiedWhole() throws {
        let directory = try TemporaryDirectory()
        let original = try Store(path: directory.path("a.sqlite"))
        _ = try original.syncConfiguredFeeds([FeedSubscription(name: "big", url: "https://big.example/feed")], now: Self.start)
        let big = try #require(try original.feeds().first).id
        let count = StoreCopier.batchSize * 2 + 5
        _ = try original.ingest(feedID: big, entries: (1...count).map { Self.article($0, feed: "big") }, routes: [],
                                now: Self.start, policy: IngestPlanner())
        let report = try StoreCopier.copy(from: .sqlite(path: original.path), to: .sqlite(path: directory.path("b.sqlite")))
        #expect(report.rows.first { $0.table == "items" }?.count == count)
        let copy = try Store(path: directory.path("b.sqlite"))
        #expect(try Self.rows(copy) == Self.rows(original))
    }

    /// Tombstones are paged by `(feed_id, identity_key)`: thousands of one feed span batches whose
    /// pages turn inside one feed id. Through PostgreSQL and back when `viaPostgres`.
    @Test(arguments: [false, true])
    func tombstonesOfOneFeedSpanningSeveralBatchesAreCopiedWhole(viaPostgres: Bool) throws {
        let directory = try TemporaryDirectory()
        let original = try Store(path: directory.path("a.sqlite"))
        _ = try original.syncConfiguredFeeds([FeedSubscription(name: "big", url: "https://big.example/feed", keep: 86_400)],
                                             now: Self.start)
        let big = try #require(try original.feeds().first).id
        let count = StoreCopier.batchSize * 2 + 5
        _ = try original.ingest(feedID: big, entries: (1...count).map { Self.article($0, feed: "big") }, routes: [],
                                now: Self.start, policy: IngestPlanner())
        let later = Self.start.addingTimeInterval(10 * 86_400)
        _ = try original.ingest(feedID: big, entries: [Self.article(count + 1, feed: "big")], routes: [], now: later,
                                policy: IngestPlanner())
        #expect(try original.applyRetention(now: later.addingTimeInterval(60)) == count)
        let target = directory.path("b.sqlite")
        if viaPostgres {
            let uri = try PostgresCluster.shared.get().createDatabase()
            _ = try StoreCopier.copy(from: .sqlite(path: original.path), to: .postgres(uri: uri))
            _ = try StoreCopier.copy(from: .postgres(uri: uri), to: .sqlite(path: target))
        } else {
            _ = try StoreCopier.copy(from: .sqlite(path: original.path), to: .sqlite(path: target))
        }
        let rows = try Self.rows(try Store(path: target))
        #expect(rows["item_tombstones"]?.count == count)
        #expect(rows == (try Self.rows(original)))
    }

    @Test func aMissingSourceIsAnErrorAndCreatesNothing() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: StoreCopier.Failure.self) {
            try StoreCopier.copy(from: .sqlite(path: directory.path("none.sqlite")), to: .sqlite(path: directory.path("b.sqlite")))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("none.sqlite")))
    }
}
