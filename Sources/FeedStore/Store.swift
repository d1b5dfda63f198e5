import Foundation

/// The SQLite store: feeds with their fetch state, items, the hook outbox and the search index.
///
/// One writer connection behind its lock, so the store can be shared between tasks and threads,
/// and one reader connection behind its own lock for the lookups a refresh makes before it writes
/// (`LockedConnection`). Other processes (`feedd items` beside `feedd run`) read concurrently
/// thanks to WAL and wait for writes through SQLite's busy timeout.
public final class Store: FeedStoring, Sendable {
    /// The database file.
    public let path: String
    private let writer: LockedConnection
    /// Nil for a store opened for reading only: its one connection serves both.
    private let reader: LockedConnection?
    /// Nil for a store opened for reading only.
    private let checkpointer: WALCheckpointer?

    /// Opens (or creates) the database at `path`, switches it to WAL and applies pending migrations.
    public init(path: String) throws(StoreError) {
        self.path = path
        let connection = try SQLiteConnection(path: path)
        try Self.configure(connection)
        try Migrations.apply(to: connection)
        reader = try LockedConnection.reader(path: path)
        let checkpointer = try WALCheckpointer(path: path, thresholdFrames: Self.walCheckpointPages)
        checkpointer.watch(connection)
        self.checkpointer = checkpointer
        writer = LockedConnection(connection)
    }

    deinit {
        checkpointer?.stop()
    }

    /// Opens an existing database for reading only (`feedd items`, `search`, `status`, `hooks`): no
    /// file is created, nothing is migrated or written, so a user who may read the database but not
    /// write it can still query it. A file an older feedd wrote must be opened once for writing
    /// (`feedd fetch`) to be brought up to date.
    public init(readingAt path: String) throws(StoreError) {
        self.path = path
        reader = nil
        checkpointer = nil
        let connection = try SQLiteConnection(path: path, readOnly: true)
        writer = LockedConnection(connection)
        let version = try connection.queryFirst("PRAGMA user_version") { $0.int(0) } ?? 0
        guard version == Migrations.all.count else {
            if version > Migrations.all.count {
                throw StoreError.newerSchema(path: path, found: version, known: Migrations.all.count)
            }
            throw StoreError.cannotOpen(path: path, message: "the database is from an older feedd (schema \(version) of "
                + "\(Migrations.all.count)); run `feedd fetch` once to update it")
        }
    }

    /// Per-connection settings.
    ///
    /// `synchronous = NORMAL` under WAL keeps the file consistent through any crash and loses
    /// at most the last transactions on power loss, always a suffix in commit order. Items and
    /// their outbox rows commit together, and the validators are recorded after the ingest, so a
    /// lost suffix means the feed is fetched and ingested again: hooks still fire at least once.
    /// FULL would add an fsync per commit for nothing our guarantee needs.
    ///
    /// A new file gets 8 KiB pages (existing files keep theirs): an item with a typical article
    /// (2–4 KB of HTML) filled a 4 KiB page alone, wasting a third of the file, and every page
    /// costs a WAL frame. The WAL is checkpointed at 2,048 pages (16 MiB) instead of SQLite's
    /// 1,000: one ingest of a few hundred new items writes several MiB, and each checkpoint
    /// costs two fsyncs and rewrites every page the commits since the last one touched. The
    /// checkpoint runs on `WALCheckpointer`'s thread, out of the writer's commits; its commit hook
    /// takes the place of SQLite's automatic checkpoint, so no `wal_autocheckpoint` is set here. Under
    /// NORMAL this only widens the suffix a power loss may take, which the reasoning above covers.
    /// Ingest benchmark (100,000 items, CPU incl. kernel): 8.2 s at 4 KiB / 1,000, 6.6 s now.
    ///
    /// Temporary storage is memory: each feed's ingest is a savepoint inside its group's
    /// transaction, and the savepoint's journal (the first image of every page it changes) spilled
    /// past 64 KiB into a new file in /var/tmp, 518 files and 650 MB written for 4,800 feeds (a
    /// tenth of cold cycle B, by strace). In memory it is freed at each release. (Raising SQLite's
    /// spill threshold instead is no way out: the in-memory journal then allocates chunks of the
    /// threshold's size for every statement, and bare inserts ran 2.3× slower.)
    private static func configure(_ connection: SQLiteConnection) throws(StoreError) {
        try connection.executeScript("PRAGMA page_size = \(pageSize)")
        try enableWAL(connection)
        try connection.executeScript("PRAGMA synchronous = NORMAL")
        try connection.executeScript("PRAGMA foreign_keys = ON")
        try connection.executeScript("PRAGMA cache_size = -\(cacheKiB)")
        try connection.executeScript("PRAGMA temp_store = MEMORY")
    }

    /// Switches a file to WAL, waiting out another process doing the same.
    ///
    /// Two processes opening a new file at once both try the switch; SQLite answers the loser
    /// SQLITE_BUSY at once, without its busy handler, so the wait is here: bounded by the busy timeout.
    private static func enableWAL(_ connection: SQLiteConnection) throws(StoreError) {
        let deadline = Date().addingTimeInterval(TimeInterval(SQLiteConnection.busyTimeoutMilliseconds) / 1000)
        while true {
            do throws(StoreError) {
                try connection.executeScript("PRAGMA journal_mode = WAL")
                return
            } catch {
                guard error.isBusy, Date() < deadline else { throw error }
                usleep(walRetryMicroseconds)
            }
        }
    }

    /// Pause between two tries of the switch to WAL, in microseconds.
    static let walRetryMicroseconds: UInt32 = 10_000

    /// SQLite's page cache per connection, in KiB: 2 MiB, SQLite's default. The ingest benchmark
    /// measured no difference from 16 MiB within its noise (the OS page cache holds the file
    /// anyway), while `feedd run` with 10,000 feeds kept all 16 MiB resident (4 MiB: 66 MB, 2 MiB: 60 MB).
    static let cacheKiB = 2048

    /// Page size of a newly created database file, in bytes (takes effect only before the first write).
    static let pageSize = 8192
    /// WAL pages that trigger an automatic checkpoint (16 MiB at `pageSize`).
    static let walCheckpointPages = 2048

    /// Runs `body` with the writer connection while holding its lock.
    func withConnection<T>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        try writer.with(body)
    }

    /// Runs a read-only `body` on the reader connection, which never waits for the writer's lock;
    /// it sees what was committed when its statement began. Only for single-statement lookups
    /// that need no consistency with a write of this process still in progress.
    func withReader<T>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        guard let reader else { return try withConnection(body) }
        return try reader.with(body)
    }

    /// The journal mode SQLite reports (`wal` once open).
    public func journalMode() throws(StoreError) -> String {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> String in
            try db.queryFirst("PRAGMA journal_mode") { $0.text(0) } ?? ""
        }
    }

    /// The number of migrations applied to the file (`PRAGMA user_version`).
    public func schemaVersion() throws(StoreError) -> Int {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Int in
            try db.queryFirst("PRAGMA user_version") { $0.int(0) } ?? 0
        }
    }

    /// SQLite's own consistency check; `["ok"]` for a healthy file.
    public func integrityCheck() throws(StoreError) -> [String] {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> [String] in
            try db.query("PRAGMA integrity_check") { $0.text(0) }
        }
    }

    // MARK: Feeds

    /// Every feed, main and comment, active or not, in id order.
    public func feeds() throws(StoreError) -> [FeedRecord] {
        try selectFeeds("ORDER BY id", [])
    }

    /// One feed by id, or nil.
    public func feed(id: Int64) throws(StoreError) -> FeedRecord? {
        try selectFeeds("WHERE id = ?", [id]).first
    }

    /// One feed's name, or nil; a comment feed's ingest needs only its main feed's name, for the hook routes.
    public func feedName(id: Int64) throws(StoreError) -> String? {
        try withReader { (db: SQLiteConnection) throws(StoreError) -> String? in
            try db.queryFirst("SELECT name FROM feeds WHERE id = ?", [id]) { $0.text(0) }
        }
    }

    /// Active feeds (main and comment) whose poll time has come and whose `Retry-After` has passed, soonest first.
    public func dueFeeds(now: Date, limit: Int?) throws(StoreError) -> [FeedRecord] {
        try selectFeeds(Self.dueClause + " LIMIT ?", [now, now, limit ?? -1])
    }

    public func dueFeedIDs(now: Date) throws(StoreError) -> [Int64] {
        try withReader { (db: SQLiteConnection) throws(StoreError) -> [Int64] in
            try db.query("SELECT id FROM feeds " + Self.dueClause, [now, now]) { $0.int64(0) }
        }
    }

    /// The due feeds, soonest first; binds `now` twice.
    private static let dueClause = """
        WHERE active = 1 AND next_poll_at <= ? AND (retry_not_before IS NULL OR retry_not_before <= ?)
        ORDER BY next_poll_at, id
        """

    public func nextPollDate(recheckingClaimsAt recheck: Date) throws(StoreError) -> Date? {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Date? in
            try db.queryFirst("""
                SELECT min(max(next_poll_at, coalesce(retry_not_before, next_poll_at), coalesce(min(lease_until, ?), 0)))
                FROM feeds WHERE active = 1
                """, [recheck]) { $0.optionalDate(0) } ?? nil
        }
    }

    /// Every active feed, main and comment, for `feedd fetch --all`.
    public func allActiveFeeds() throws(StoreError) -> [FeedRecord] {
        try selectFeeds("WHERE active = 1 ORDER BY id", [])
    }

    func selectFeeds(_ clause: String, _ values: [any SQLBindable]) throws(StoreError) -> [FeedRecord] {
        try withReader { (db: SQLiteConnection) throws(StoreError) -> [FeedRecord] in
            try Self.selectFeeds(db, clause, values)
        }
    }

    static func selectFeeds(_ db: SQLiteConnection, _ clause: String,
                            _ values: [any SQLBindable]) throws(StoreError) -> [FeedRecord] {
        try db.query("SELECT \(FeedRecord.columns) FROM feeds \(clause)", values) { (row: Row) throws(StoreError) in
            try FeedRecord(row: row, path: db.path)
        }
    }
}
