@testable import FeedStore
import Foundation
import Testing
import TestSupport

/// The WAL is checkpointed by `WALCheckpointer`'s thread, not inside the writer's commits, and
/// stays bounded either way.
@Suite struct WALCheckpointerTests {
    /// A writer on a new file in WAL mode, with a table for 8 KiB blobs.
    static func writer(_ directory: TemporaryDirectory) throws -> SQLiteConnection {
        let writer = try SQLiteConnection(path: directory.path("wal.sqlite"))
        try writer.executeScript("PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        try writer.executeScript("CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB)")
        return writer
    }

    /// One commit of eight 8 KiB blobs: at least eight WAL frames.
    static func commitEightPages(_ writer: SQLiteConnection) throws {
        try writer.transaction { () throws(StoreError) in
            for _ in 0..<8 { try writer.run("INSERT INTO blobs (body) VALUES (zeroblob(8000))") }
        }
    }

    static func walFrames(_ directory: TemporaryDirectory) -> Int {
        let size = (try? FileManager.default.attributesOfItem(atPath: directory.path("wal.sqlite-wal"))[.size] as? Int) ?? 0
        return max(0, size - 32) / (8192 + 24)
    }

    @Test func commitsPastTheThresholdAreCheckpointedByTheThreadAndTheWALRestarts() throws {
        let directory = try TemporaryDirectory()
        let writer = try Self.writer(directory)
        let checkpointer = try WALCheckpointer(path: directory.path("wal.sqlite"), thresholdFrames: 4)
        defer { checkpointer.stop() }
        checkpointer.watch(writer)
        for round in 1...10 {
            try Self.commitEightPages(writer)
            // The thread's checkpoint of this commit, awaited for at most 5 s.
            for _ in 0..<500 where checkpointer.completedCheckpoints < round { usleep(10_000) }
            #expect(checkpointer.completedCheckpoints >= round)
        }
        // 80 pages written; the WAL restarted after each caught-up checkpoint, so it holds about one commit.
        #expect(Self.walFrames(directory) < 16)
        #expect(try writer.queryFirst("SELECT count(*) FROM blobs") { $0.int(0) } == 80)
    }

    @Test func withoutItsThreadTheWriterCheckpointsItselfPastTheBackstop() throws {
        let directory = try TemporaryDirectory()
        let writer = try Self.writer(directory)
        let checkpointer = try WALCheckpointer(path: directory.path("wal.sqlite"), thresholdFrames: 4)
        checkpointer.watch(writer)
        checkpointer.stop()
        for _ in 1...20 { try Self.commitEightPages(writer) }
        #expect(checkpointer.completedCheckpoints == 0)
        // 160 pages written; the backstop (16 frames) plus one commit at most stay in the WAL.
        #expect(Self.walFrames(directory) <= checkpointer.backstopFrames + 12)
        #expect(try writer.queryFirst("SELECT count(*) FROM blobs") { $0.int(0) } == 160)
    }
}
