import FeedModel
import FeedStore
import FeedStorePostgres
import Foundation
import Testing
import TestSupport

/// `feedd store copy` between two PostgreSQL stores: every copied table comes out as it went in,
/// ids and delivery ids kept, search rebuilt, new ids above the copied ones.
@Suite struct PostgresCopyTests {
    /// A store with articles, a comment feed and its comments, deliveries in several states,
    /// a digest and a tombstone.
    private func populatedStore() throws -> PostgresStore {
        let (store, _) = try PostgresTestSupport.freshStore()
        let start = PostgresTestSupport.start
        var subscriptions = [FeedSubscription(name: "news", url: "https://news.example/feed", keep: 86_400)]
        subscriptions.append(FeedSubscription(name: "digest", url: "https://digest.example/feed"))
        _ = try store.syncConfiguredFeeds(subscriptions, now: start)
        let news = try #require(try store.feeds().first { $0.name == "news" }).id
        let digest = try #require(try store.feeds().first { $0.name == "digest" }).id
        for id in [news, digest] {
            _ = try store.ingest(feedID: id, entries: [], routes: PostgresTestSupport.routes, now: start, policy: PlainPolicy())
        }
        let result = try store.ingest(feedID: news, entries: (1...3).map { PostgresTestSupport.article($0, comments: $0 == 1) },
                                      routes: PostgresTestSupport.routes, now: start.addingTimeInterval(60), policy: PlainPolicy())
        let comments = try #require(result.registeredCommentFeeds.first)
        _ = try store.ingest(feedID: comments.id, entries: [Entry(guid: "c1", title: "Kommentar", contentText: "Straße")],
                             routes: PostgresTestSupport.routes, now: start.addingTimeInterval(90), policy: PlainPolicy())
        _ = try store.ingest(feedID: digest, entries: [Entry(guid: "d1", title: "Digest item")],
                             routes: [HookRoute(hook: "morning", events: [.new], collectsDigest: true)],
                             now: start.addingTimeInterval(60), policy: PlainPolicy())
        try store.closeDigest(hook: "morning", createdBefore: start.addingTimeInterval(100), now: start.addingTimeInterval(100))
        let pending = try store.outbox(state: .pending)
        try store.markDelivered(id: pending[0].id, at: start.addingTimeInterval(200), response: "HTTP 200")
        try store.park(id: pending[1].id, owner: .current, error: "gave up", at: start.addingTimeInterval(200))
        // Article 3 leaves the feed, its deliveries done, and retention turns it into a tombstone.
        for row in try store.outbox(state: .pending) where row.item.entry.guid == "https://news.example/?p=3" {
            try store.markDelivered(id: row.id, at: start.addingTimeInterval(200), response: nil)
        }
        _ = try store.ingest(feedID: news, entries: [PostgresTestSupport.article(1, comments: true), PostgresTestSupport.article(2)],
                             routes: PostgresTestSupport.routes, now: start.addingTimeInterval(3 * 86_400), policy: PlainPolicy())
        _ = try store.applyRetention(now: start.addingTimeInterval(3 * 86_400 + 60))
        return store
    }

    private func allRows(_ store: PostgresStore, _ table: CopiedTable) throws -> [[StoreValue]] {
        var rows: [[StoreValue]] = []
        for _ in 0..<1000 {
            let batch = try store.exportRows(table, after: rows.last.map(table.key(of:)), limit: 2)
            rows += batch
            if batch.count < 2 { break }
        }
        return rows
    }

    @Test func aCopyHoldsTheSameRowsAndWorksAsAStore() throws {
        let source = try populatedStore()
        #expect(try source.exportRows(CopiedTable.tombstones, after: nil, limit: 10).count == 1)
        let (destination, _) = try PostgresTestSupport.freshStore()
        #expect(try destination.isEmptyForImport())
        try destination.beginImport()
        for table in CopiedTable.all {
            try destination.importRows(table, try allRows(source, table))
        }
        try destination.finishImport()
        #expect(try !destination.isEmptyForImport())
        for table in CopiedTable.all {
            #expect(try allRows(destination, table) == allRows(source, table), "\(table.name)")
        }
        #expect(try destination.search("koln", limit: 10).count == 2)
        #expect(try destination.search("strasse", limit: 10).map(\.entry.title) == ["Kommentar"])
        let maxFeed = try #require(try source.feeds().map(\.id).max())
        _ = try destination.syncConfiguredFeeds([FeedSubscription(name: "news", url: "https://news.example/feed", keep: 86_400),
                                                 FeedSubscription(name: "digest", url: "https://digest.example/feed"),
                                                 FeedSubscription(name: "later", url: "https://later.example/feed")],
                                                now: PostgresTestSupport.start.addingTimeInterval(4 * 86_400))
        #expect(try destination.feeds().first { $0.name == "later" }.map(\.id).map { $0 > maxFeed } == true)
    }

    @Test func aCopiedIdentityIsNotNewInTheCopy() throws {
        let source = try populatedStore()
        let (destination, _) = try PostgresTestSupport.freshStore()
        try destination.beginImport()
        for table in CopiedTable.all { try destination.importRows(table, try allRows(source, table)) }
        try destination.finishImport()
        let news = try #require(try destination.feeds().first { $0.name == "news" }).id
        let again = try destination.ingest(feedID: news, entries: (1...4).map { PostgresTestSupport.article($0) },
                                           routes: PostgresTestSupport.routes,
                                           now: PostgresTestSupport.start.addingTimeInterval(4 * 86_400), policy: PlainPolicy())
        #expect(again.newItems.map(\.entry.guid) == ["https://news.example/?p=4"])
        #expect(again.restored == 1)
        let newest = try #require(again.newItems.first?.id)
        let copiedMax = try allRows(source, CopiedTable.items).compactMap { row -> Int64? in
            if case .integer(let id) = row[0] { return id }
            return nil
        }.max() ?? 0
        #expect(newest > copiedMax)
    }

    @Test func anAbortedImportLeavesTheStoreEmpty() throws {
        let source = try populatedStore()
        let (destination, _) = try PostgresTestSupport.freshStore()
        try destination.beginImport()
        try destination.importRows(CopiedTable.feeds, try allRows(source, CopiedTable.feeds))
        destination.abortImport()
        #expect(try destination.isEmptyForImport())
    }

    @Test func anImportWhoseRowsBreakAForeignKeyFailsAtTheEnd() throws {
        let source = try populatedStore()
        let (destination, _) = try PostgresTestSupport.freshStore()
        try destination.beginImport()
        // Items without their feeds: accepted row by row, refused at the commit.
        try destination.importRows(CopiedTable.items, try allRows(source, CopiedTable.items))
        #expect(throws: StoreError.self) { try destination.finishImport() }
        #expect(try destination.isEmptyForImport())
        #expect(try destination.items(feedName: nil, since: nil, limit: 10).isEmpty)
    }
}
