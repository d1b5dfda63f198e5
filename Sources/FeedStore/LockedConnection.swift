import Foundation

/// One SQLite connection behind its own lock, so tasks and threads can share it: the store's
/// writer, and its reader.
///
/// The reader is a second, read-only connection for the lookups every refresh makes before it has
/// anything to write: a comment feed's article, its main feed's name, item activity, the feed row.
/// With one connection those waited for the store's lock while a group commit held it (tens of
/// milliseconds), and with two cores the cooperative pool then had no thread left to parse: a
/// cold cycle with comment feeds left a core idle half the time. Under WAL a reader never waits
/// for the writer and sees the last commit, which is all these lookups need.
final class LockedConnection: @unchecked Sendable {
    // @unchecked: `connection` is used only while holding `lock`.
    private let connection: SQLiteConnection
    private let lock = NSLock()

    /// Page cache of the reader, in KiB: the rows it reads are few and the OS caches the file.
    static let readerCacheKiB = 512

    init(_ connection: SQLiteConnection) {
        self.connection = connection
    }

    /// A read-only connection to `path` with a small page cache.
    static func reader(path: String) throws(StoreError) -> LockedConnection {
        let connection = try SQLiteConnection(path: path, readOnly: true)
        try connection.executeScript("PRAGMA cache_size = -\(readerCacheKiB)")
        return LockedConnection(connection)
    }

    func with<T>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }
}
