@testable import FeedStore
import FeedModel
import Foundation
import Testing
import TestSupport

/// Files written by an older feedd open, migrate and keep everything.
@Suite struct MigrationTests {
    /// A file at schema version 1 with one feed, one item and two outbox rows, one of them delivered.
    /// A file as feedd left it at schema `version`: version 1's, then the migrations up to `version`.
    static func makeFile(at path: String, version: Int) throws -> SQLiteConnection {
        try makeVersion1File(at: path)
        let db = try SQLiteConnection(path: path)
        for script in Migrations.all[1..<version] { try db.executeScript(script) }
        try db.executeScript("PRAGMA user_version = \(version)")
        return db
    }

    static func makeVersion1File(at path: String) throws {
        let db = try SQLiteConnection(path: path)
        try db.executeScript(Migrations.version1)
        try db.executeScript("PRAGMA user_version = 1")
        try db.run("INSERT INTO feeds (id, url, name, kind, next_poll_at, created_at) VALUES (1, 'https://a.example/feed', 'a', 'main', 0, 0)")
        try db.run("""
            INSERT INTO items (id, feed_id, identity_key, title, first_seen, last_seen, sort_date, content_hash, entry_json)
            VALUES (7, 1, 'guid:x', 'Old item', 0, 0, 0, 'h', '{"guid":"x","title":"Old item","authors":[],"tags":[],"enclosures":[]}')
            """)
        try db.run("""
            INSERT INTO outbox (id, item_id, hook, event, delivery_id, attempts, next_attempt_at, delivered_at, created_at)
            VALUES (3, 7, 'desktop', 'new', 'd-desktop', 1, 0, 5, 0), (4, 7, 'chat', 'updated', 'd-chat', 2, 0, NULL, 0)
            """)
    }

    @Test func version2KeepsEveryOutboxRowAndItsConstraints() throws {
        let directory = try TemporaryDirectory(prefix: "feedstore-migration")
        let path = directory.path("old.sqlite")
        try Self.makeVersion1File(at: path)
        let store = try Store(path: path)
        #expect(try store.schemaVersion() == Migrations.all.count)
        let rows = try store.outbox(state: .all)
        #expect(rows.map(\.id) == [3, 4])
        #expect(rows.map(\.deliveryID) == ["d-desktop", "d-chat"])
        #expect(rows.map(\.event) == [.new, .updated] && rows.map(\.attempts) == [1, 2])
        #expect(rows.first?.deliveredAt == Date(timeIntervalSince1970: 5) && rows.first?.item.entry.title == "Old item")
        #expect(try store.pendingDeliveries(now: Date(timeIntervalSince1970: 1), limit: 10).map(\.id) == [4])
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func theMigratedOutboxStillRejectsUnknownEventsAndRepeatedDeliveries() throws {
        let directory = try TemporaryDirectory(prefix: "feedstore-migration")
        let path = directory.path("old.sqlite")
        try Self.makeVersion1File(at: path)
        _ = try Store(path: path)
        let db = try SQLiteConnection(path: path)
        #expect(throws: StoreError.self) {
            try db.run("INSERT INTO outbox (item_id, hook, event, delivery_id, next_attempt_at, created_at) VALUES (7, 'h', 'deleted', 'd-new', 0, 0)")
        }
        try db.run("INSERT OR IGNORE INTO outbox (item_id, hook, event, delivery_id, next_attempt_at, created_at) VALUES (7, 'h', 'new', 'd-chat', 0, 0)")
        #expect(db.changes == 0)
        try db.executeScript("PRAGMA foreign_keys = ON")
        #expect(throws: StoreError.self) {
            try db.run("INSERT INTO outbox (item_id, hook, event, delivery_id, next_attempt_at, created_at) VALUES (99, 'h', 'new', 'd-99', 0, 0)")
        }
    }
}

/// Page size is fixed when a file is created: new files get the store's, old files keep theirs.
@Suite struct PageSizeTests {
    static func pageSize(of path: String) throws -> Int {
        try SQLiteConnection(path: path).queryFirst("PRAGMA page_size") { $0.int(0) } ?? 0
    }

    @Test func aNewFileGetsTheStoresPageSize() throws {
        let fixture = try StoreFixture()
        #expect(try Self.pageSize(of: fixture.path) == Store.pageSize)
    }

    @Test func anExistingFileKeepsItsPageSizeAndOpens() throws {
        let directory = try TemporaryDirectory(prefix: "feedstore-pagesize")
        let path = directory.path("old.sqlite")
        try MigrationTests.makeVersion1File(at: path)
        #expect(try Self.pageSize(of: path) == 4096)
        let store = try Store(path: path)
        #expect(try Self.pageSize(of: path) == 4096)
        #expect(try store.outbox(state: .all).count == 2 && store.integrityCheck() == ["ok"])
    }
}

/// Version 3: a file from before it keeps, through 304s, the items its feeds last listed.
@Suite struct ListingMigrationTests {
    static let day: TimeInterval = 86_400

    /// A file at schema version 2 with one feed (`keep` of a day) and one item last seen at time 0.
    static func makeVersion2File(at path: String) throws {
        let db = try SQLiteConnection(path: path)
        try db.executeScript(Migrations.version1)
        try db.executeScript(Migrations.version2)
        try db.executeScript("PRAGMA user_version = 2")
        try db.run("""
            INSERT INTO feeds (id, url, name, kind, keep_seconds, first_success_done, next_poll_at, created_at)
            VALUES (1, 'https://a.example/feed', 'a', 'main', 86400, 1, 0, 0)
            """)
        try db.run("""
            INSERT INTO items (id, feed_id, identity_key, title, first_seen, last_seen, sort_date, content_hash, entry_json)
            VALUES (7, 1, 'guid:x', 'Old item', 0, 0, 0, 'h', '{"guid":"x","title":"Old item","authors":[],"tags":[],"enclosures":[]}')
            """)
        try db.run("INSERT INTO items_fts (rowid, title, body) VALUES (7, 'Old item', '')")
    }

    @Test func aMigratedFeedKeepsWhatItLastListedWhileItAnswersNotModified() throws {
        let directory = try TemporaryDirectory(prefix: "feedstore-migration")
        let path = directory.path("v2.sqlite")
        try Self.makeVersion2File(at: path)
        let store = try Store(path: path)
        #expect(try store.schemaVersion() == Migrations.all.count)
        let later = Date(timeIntervalSince1970: 10 * Self.day)
        try store.recordNotModified(feedID: 1, at: later, nextPollAt: later + 3600)
        #expect(try store.applyRetention(now: later) == 0)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func aMigratedFeedStillLosesWhatItHasNotListedForLongerThanKeep() throws {
        let directory = try TemporaryDirectory(prefix: "feedstore-migration")
        let path = directory.path("v2.sqlite")
        try Self.makeVersion2File(at: path)
        let store = try Store(path: path)
        let later = Date(timeIntervalSince1970: 10 * Self.day)
        #expect(try store.applyRetention(now: later) == 1)
        _ = try store.syncConfiguredFeeds([FeedSubscription(name: "a", url: "https://a.example/feed", keep: Self.day)], now: later)
        let back = Entry(guid: "x", title: "Old item")
        let result = try store.ingest(feedID: 1, entries: [back], routes: [HookRoute(hook: "h", events: [.new])], now: later)
        #expect(result.newItems.isEmpty && result.restored == 1 && result.outboxRows == 0)
    }
}

/// Two processes opening one file at once (a timer's `feedd fetch` while `feedd run` starts) both
/// succeed: each migration step re-reads the version under the write lock.
@Suite struct ConcurrentMigrationTests {
    /// Opens `path` from two threads at once, each with its own connection; the errors.
    static func openTwiceAtOnce(_ path: String) -> [String] {
        let errors = ErrorList()
        let group = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        for _ in 0..<2 {
            group.enter()
            DispatchQueue.global().async {
                start.wait()
                do { _ = try Store(path: path) } catch { errors.append("\(error)") }
                group.leave()
            }
        }
        start.signal()
        start.signal()
        _ = group.wait(timeout: .now() + 60)
        return errors.all
    }

    @Test func twoOpenersOfAnOldFileBothSucceedAndMigrateItOnce() throws {
        var failures: [String] = []
        for attempt in 0..<20 {
            let directory = try TemporaryDirectory(prefix: "feedstore-race")
            let path = directory.path("old-\(attempt).sqlite")
            try MigrationTests.makeVersion1File(at: path)
            failures += Self.openTwiceAtOnce(path)
            let store = try Store(path: path)
            #expect(try store.schemaVersion() == Migrations.all.count)
            #expect(try store.outbox(state: .all).map(\.id) == [3, 4])
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func twoOpenersOfAFreshFileBothSucceed() throws {
        var failures: [String] = []
        for attempt in 0..<20 {
            let directory = try TemporaryDirectory(prefix: "feedstore-race")
            failures += Self.openTwiceAtOnce(directory.path("fresh-\(attempt).sqlite"))
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}

/// Error texts collected from several threads.
final class ErrorList: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var errors: [String] = []

    func append(_ error: String) {
        lock.lock(); defer { lock.unlock() }
        errors.append(error)
    }

    var all: [String] {
        lock.lock(); defer { lock.unlock() }
        return errors
    }
}

/// Migration 11 rebuilds the outbox; the digests that tie its rows together survive it.
@Suite struct OutboxRebuildMigrationTests {
    @Test func version11KeepsDigestMembersAndTheirOutboxRows() throws {
        let directory = try TemporaryDirectory(prefix: "feedstore-migration")
        let path = directory.path("old.sqlite")
        let db = try MigrationTests.makeFile(at: path, version: 10)
        try db.run("UPDATE outbox SET digest = 'member' WHERE id = 4")
        try db.run("""
            INSERT INTO outbox (id, item_id, hook, event, delivery_id, next_attempt_at, created_at, digest)
            VALUES (5, 7, 'chat', 'new', 'd-digest', 0, 0, 'digest')
            """)
        try db.run("INSERT INTO outbox_digest_members (member_id, digest_id) VALUES (4, 5)")
        let store = try Store(path: path)
        #expect(try store.schemaVersion() == Migrations.all.count)
        #expect(try store.outbox(state: .all).map(\.id) == [3, 4, 5])
        let members = try db.query("SELECT member_id, digest_id FROM outbox_digest_members") { [$0.int64(0), $0.int64(1)] }
        #expect(members == [[4, 5]])
        #expect(try store.integrityCheck() == ["ok"])
    }
}

/// Migration 12 sets the search index's merge width on files that already hold items.
@Suite struct SearchMergeMigrationTests {
    @Test func version12MergesSearchSegmentsSixteenAtATimeAndKeepsTheIndex() throws {
        let directory = try TemporaryDirectory(prefix: "feedstore-migration")
        let path = directory.path("old.sqlite")
        let db = try MigrationTests.makeFile(at: path, version: 11)
        try db.run("INSERT INTO items_fts (rowid, title, body) VALUES (7, 'Old item', 'kept words')")
        let store = try Store(path: path)
        #expect(try store.schemaVersion() == Migrations.all.count)
        let automerge = try db.queryFirst("SELECT v FROM items_fts_config WHERE k = 'automerge'") { $0.int(0) }
        #expect(automerge == 16)
        #expect(try store.search("\"kept words\"", limit: 5).map(\.id) == [7])
        #expect(try store.integrityCheck() == ["ok"])
    }
}
