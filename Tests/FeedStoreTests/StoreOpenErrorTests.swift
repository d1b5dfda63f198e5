import Foundation
@testable import FeedStore
import Testing
import TestSupport

/// A database that cannot be opened or written says which file and why, in words.
///
/// The tests run as root, for whom permission bits are no obstacle, so each uses a situation root
/// cannot bypass: a path under a regular file, a folder that does not exist, a folder where the
/// file should be, a size limit reached.

private func openError(_ path: String) -> StoreError? {
    do {
        _ = try Store(path: path)
        return nil
    } catch {
        return error
    }
}

@Test func aDatabaseUnderARegularFileSaysNotADirectory() throws {
    let folder = try TemporaryDirectory()
    try "x".write(toFile: folder.path("file"), atomically: true, encoding: .utf8)
    let path = folder.path("file/feedd.sqlite")
    let text = try #require(openError(path)).description
    #expect(text.hasPrefix("store: cannot open database \(path): cannot open the file (not a directory)"), "\(text)")
}

@Test func aDatabaseInAMissingFolderSaysNoSuchFile() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("missing/feedd.sqlite")
    let text = try #require(openError(path)).description
    #expect(text.contains("(no such file or directory)"), "\(text)")
    #expect(text.contains(path))
}

@Test func aDatabasePathThatIsAFolderSaysSo() throws {
    let folder = try TemporaryDirectory()
    let text = try #require(openError(folder.url.path)).description
    #expect(text.contains("cannot open the file (is a directory)"), "\(text)")
}

@Test func readOnlyCodesAreDescribedWithTheSystemsReason() {
    // Root writes through permission bits, so this one is checked on the mapping itself.
    let text = SQLiteErrorCause.describe(code: 8 /* SQLITE_READONLY */, systemErrno: EROFS)
    #expect(text == "read-only: the file's permissions or a read-only file system forbid writing (read-only file system)")
}

@Test func aReadOnlyFolderForTheJournalIsNamedAsSuch() {
    #expect(SQLiteErrorCause.describe(code: SQLiteErrorCause.readonlyDirectory, systemErrno: 0)?
        .hasPrefix("read-only: the folder of the database is not writable") == true)
}

@Test func aFullDatabaseSaysDiskFull() throws {
    let folder = try TemporaryDirectory()
    let store = try Store(path: folder.path("feedd.sqlite"))
    // A page limit the file has already reached (SQLite raises a lower one to the current size):
    // the next page it needs is "disk full", as on a full file system.
    try store.withConnection { (db: SQLiteConnection) throws(StoreError) in try db.executeScript("PRAGMA max_page_count = 1") }
    do {
        for n in 0..<200 {
            _ = try store.syncConfiguredFeeds((0...n).map { FeedSubscription(name: "f\($0)-" + String(repeating: "x", count: 2000),
                                                                            url: "https://f\($0).example/feed") },
                                              now: Date())
        }
        Issue.record("no error")
    } catch {
        #expect(error.description.contains("disk full"), "\(error)")
        #expect(error.description.contains(folder.path("feedd.sqlite")))
    }
}
