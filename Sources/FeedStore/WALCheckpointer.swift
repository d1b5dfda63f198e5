import Foundation

/// Checkpoints the WAL on a thread of its own, so the writer never does it inside a commit.
///
/// SQLite's automatic checkpoint runs in the commit that crosses its threshold: that commit reads
/// the WAL back, writes every page into the database and syncs both files, all while the store's
/// write lock is held and every other ingest waits. Here the writer's commit hook only asks, and
/// this thread does the PASSIVE checkpoint on its own connection while the writer goes on.
///
/// A PASSIVE checkpoint never blocks the writer; the WAL restarts from its start once a checkpoint
/// has caught up. Under a writer that never pauses it may not catch up, so past `backstopFrames`
/// the writer checkpoints itself as SQLite would (most pages are copied by then, so it is short)
/// and the WAL is bounded. Durability is unchanged: under `synchronous = NORMAL` only checkpoints
/// sync, whichever thread runs them.
final class WALCheckpointer: @unchecked Sendable {
    // @unchecked: `connection` is used only on the checkpointer's thread; the flags under `condition`.
    private let connection: SQLiteConnection
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private var completed = 0
    private let finished = DispatchSemaphore(value: 0)

    /// WAL frames after which a commit asks for a checkpoint (16 MiB of 8 KiB pages).
    let thresholdFrames: Int
    /// WAL frames after which the writer checkpoints itself.
    var backstopFrames: Int { thresholdFrames * 4 }

    init(path: String, thresholdFrames: Int) throws(StoreError) {
        self.thresholdFrames = thresholdFrames
        connection = try SQLiteConnection(path: path)
        // Checkpointing reads the WAL and writes the database; it needs no page cache of its own.
        try connection.executeScript("PRAGMA cache_size = -64")
        let thread = Thread { [self] in run() }
        thread.name = "feedd-checkpoint"
        thread.start()
    }

    /// Hooks `writer`'s commits: each one past the threshold asks this thread for a checkpoint.
    func watch(_ writer: SQLiteConnection) {
        let threshold = thresholdFrames, backstop = backstopFrames
        writer.setWALCommitHook { [weak self] frames in
            guard frames >= threshold else { return false }
            guard frames < backstop, let self else { return true }
            self.request()
            return false
        }
    }

    /// Checkpoints this thread has run (tests watch it).
    var completedCheckpoints: Int {
        condition.lock()
        defer { condition.unlock() }
        return completed
    }

    /// Asks for a checkpoint; several requests before it starts make one.
    func request() {
        condition.lock()
        requested = true
        condition.signal()
        condition.unlock()
    }

    /// Stops the thread after the checkpoint in progress, if any.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
    }

    private func run() {
        while true {
            condition.lock()
            while !requested && !stopping { condition.wait() }
            let stop = stopping
            requested = false
            condition.unlock()
            if stop { break }
            // A failed checkpoint (disk full, I/O error) leaves the frames in the WAL, where they
            // are as safe as before; the next request tries again and the backstop still bounds it.
            try? connection.checkpointPassive()
            condition.lock()
            completed += 1
            condition.unlock()
        }
        finished.signal()
    }
}
