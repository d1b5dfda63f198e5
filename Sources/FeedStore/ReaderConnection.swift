import Foundation

/// The store's second connection, read-only, for the lookups every refresh makes before it has
/// anything to write: a comment feed's article, its main feed's name, item activity, the feed row.
///
/// With one connection those waited for the store's lock while a group commit held it (tens of
/// milliseconds), and with two cores the cooperative pool then had no thread left to parse: a
/// cold cycle with comment feeds left a core idle half the time. Under WAL a reader never waits
/// for the writer and sees the last commit, which is all these lookups need. Its page cache is
/// small: the rows it reads are few and the OS caches the file.
final class ReaderConnection: @unchecked Sendable {
    // @unchecked: `connection` is used only while holding `lock`.
    private let connection: SQLiteConnection
    private let lock = NSLock()

    /// Page cache of the reader, in KiB.
    static let cacheKiB = 512

    init(path: String) throws(StoreError) {
        connection = try SQLiteConnection(path: path, readOnly: true)
        try connection.executeScript("PRAGMA cache_size = -\(Self.cacheKiB)")
    }

    func with<T>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }
}
