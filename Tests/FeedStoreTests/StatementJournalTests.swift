@testable import FeedStore
import Foundation
import Testing
import TestSupport

/// A feed's ingest is a savepoint inside its group's transaction; the savepoint's journal holds the
/// first image of every page it changes. It stays in memory: spilled, it was a new file in
/// /var/tmp for nearly every feed of a large poll.
@Suite struct StatementJournalTests {
    /// The files this process holds open whose names SQLite gives its temporary files.
    static func openTemporaryFiles() -> [String] {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
            .filter { $0.contains("etilqs_") }
    }

    @Test func aSavepointChangingMegabytesOfPagesOpensNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("journal.sqlite"))
        try store.withConnection { (db: SQLiteConnection) throws(StoreError) in try Self.changeEveryPageInASavepoint(db) }
    }

    /// Fills a table, then changes every row in a savepoint and checks that no temporary file opened.
    static func changeEveryPageInASavepoint(_ db: SQLiteConnection) throws(StoreError) {
        try db.executeScript("CREATE TABLE rows (id INTEGER PRIMARY KEY, text TEXT)")
        let text = String(repeating: "x", count: 1_000)
        try db.executeScript("BEGIN")
        for id in 0..<4_000 { try db.run("INSERT INTO rows (id, text) VALUES (?, ?)", [Int64(id), text]) }
        try db.executeScript("COMMIT")
        let before = openTemporaryFiles()

        try db.executeScript("BEGIN; SAVEPOINT feed")
        // Every one of the ~500 existing 8 KiB pages (the store's page size) changes: 4 MB of journal, past SQLite's 64 KiB default.
        try db.run("UPDATE rows SET text = upper(text)")
        let during = openTemporaryFiles()
        try db.executeScript("RELEASE feed; COMMIT")

        #expect(during.count == before.count, "\(during)")
        #expect(try db.queryFirst("SELECT count(*) FROM rows WHERE text = ?", [text.uppercased()]) { $0.int(0) } == 4_000)
    }
}
