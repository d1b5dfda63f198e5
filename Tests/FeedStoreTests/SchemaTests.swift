import FeedModel
@testable import FeedStore
import Foundation
import Testing
import TestSupport

@Suite struct SchemaTests {
    @Test func openingAFreshFileAppliesAllMigrations() throws {
        let fixture = try StoreFixture()
        #expect(try fixture.store.schemaVersion() == Migrations.all.count)
        #expect(try fixture.store.feeds().isEmpty)
    }

    @Test func theDatabaseRunsInWALMode() throws {
        let fixture = try StoreFixture()
        #expect(try fixture.store.journalMode() == "wal")
    }

    @Test func reopeningKeepsDataAndVersion() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1)])
        let reopened = try Store(path: fixture.path)
        #expect(try reopened.schemaVersion() == Migrations.all.count)
        #expect(try reopened.itemCount(feedID: feedID) == 1)
        #expect(try reopened.feeds().map(\.name) == ["news"])
    }

    @Test func anUnopenableFileGivesAStoreErrorNamingThePath() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing-folder/feedd.sqlite")
        #expect {
            _ = try Store(path: path)
        } throws: { error in
            "\(error)".hasPrefix("store: ") && "\(error)".contains(path)
        }
    }

    @Test func integrityCheckPassesAfterABatch() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, (1...200).map { StoreFixture.article($0, comments: $0 % 3 == 0) })
        _ = try fixture.ingest(feedID, (1...200).map { StoreFixture.article($0, content: "changed \($0)") }, at: 120)
        #expect(try fixture.store.integrityCheck() == ["ok"])
    }
}
