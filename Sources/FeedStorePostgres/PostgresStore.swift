import FeedModel
import FeedStore
import Foundation

/// The PostgreSQL store: the same feeds, fetch state, items, outbox and search as the SQLite
/// `Store`, for installations where several daemons share one feed list.
///
/// One libpq connection behind a lock, like `Store`. When the connection drops (a server restart,
/// a network cut, the backend terminated), an operation is run once more on a new connection
/// before it fails with `.unavailable`, which the daemon waits out with backoff. Running it again
/// is safe: the server rolled back whatever the broken transaction did, and a commit that did
/// land before the drop is repeated harmlessly, because every write is idempotent by item
/// identity, delivery id or claim owner.
// @unchecked: the only mutable state is `connection` and `importing`, used only while holding `lock`.
public final class PostgresStore: FeedStoring, StoreCopying, @unchecked Sendable {
    /// The server, as messages name it: `postgresql server user@host:port/database`, never a password.
    public let server: String
    private let setting: String
    /// How long a statement may wait for the server's answer (see `PostgresConnection.answerTimeout`).
    private let answerTimeout: TimeInterval
    /// Opened with `readingAt`: every connection, reconnects included, refuses writes.
    private let readOnly: Bool
    private var connection: PostgresConnection?
    /// Set between `beginImport` and its end: the import is one transaction, which a new
    /// connection would not continue, so a dropped connection then fails the import instead.
    private var importing = false
    private let lock = NSLock()

    /// Connects (any libpq URI or key=value setting) and applies pending migrations.
    public init(uri: String, answerTimeout: TimeInterval = PostgresConnection.defaultAnswerTimeout) throws(StoreError) {
        setting = uri
        readOnly = false
        self.answerTimeout = answerTimeout
        server = PostgresServer(setting: uri).description
        let session = PostgresSession(connection: try Self.connect(uri, readOnly: false, answerTimeout: answerTimeout))
        connection = session.connection
        try PostgresMigrations.apply(session)
    }

    /// Connects for reading only (`feedd items`, `search`, `status`, `hooks`): never migrates, and
    /// fails when the schema is not the one this feedd knows.
    public init(readingAt uri: String, answerTimeout: TimeInterval = PostgresConnection.defaultAnswerTimeout) throws(StoreError) {
        setting = uri
        readOnly = true
        self.answerTimeout = answerTimeout
        server = PostgresServer(setting: uri).description
        let session = PostgresSession(connection: try Self.connect(uri, readOnly: true, answerTimeout: answerTimeout))
        connection = session.connection
        let version = try PostgresMigrations.version(session)
        let known = PostgresMigrations.all.count
        guard version == known else {
            if version > known { throw StoreError.newerSchema(path: server, found: version, known: known) }
            throw StoreError.cannotOpen(path: server, message: "the database is from an older feedd or was never "
                + "set up (schema \(version) of \(known)); run `feedd fetch` once to update it")
        }
    }

    /// A new connection; a read-only one has the server refuse any write, so a query command can
    /// never change the store even through a bug.
    private static func connect(_ setting: String, readOnly: Bool,
                                answerTimeout: TimeInterval) throws(StoreError) -> PostgresConnection {
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(setting: setting, answerTimeout: answerTimeout)
        } catch {
            throw PostgresSession.storeError(error, statement: "")
        }
        let session = PostgresSession(connection: connection)
        if readOnly { try session.run("SET default_transaction_read_only = on") }
        for setting in serverTimeouts(answerTimeout: answerTimeout) { try session.run(setting) }
        return connection
    }

    /// The server's own bounds, a little inside the client's answer timeout: a statement stuck on
    /// a lock is cancelled by the server (its locks released, nothing half done) before the client
    /// gives the connection up, and a transaction left open by a client that vanished mid-way is
    /// ended instead of holding its row locks until TCP notices. Whole milliseconds of our own.
    static func serverTimeouts(answerTimeout: TimeInterval) -> [String] {
        let statement = max(1_000, Int(answerTimeout * 1000) - 1_000)
        let idle = max(2_000, Int(answerTimeout * 2000))
        return ["SET statement_timeout = \(statement)", "SET idle_in_transaction_session_timeout = \(idle)"]
    }

    /// The number of migrations applied to the database.
    public func schemaVersion() throws(StoreError) -> Int {
        try withSession { (db: PostgresSession) throws(StoreError) -> Int in try PostgresMigrations.version(db) }
    }

    /// The server process of the current connection, for tests that cut it.
    public func backendProcessID() throws(StoreError) -> Int32 {
        try withSession { (db: PostgresSession) throws(StoreError) -> Int32 in db.connection.backendProcessID }
    }

    /// Runs `body` with the connection while holding the store's lock, reconnecting once when the
    /// connection is gone (see the type's comment for why running `body` again is safe).
    @discardableResult
    func withSession<T>(_ body: (PostgresSession) throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        if importing {
            guard let connection, connection.isUsable else {
                throw StoreError.unavailable(server: server, message: "the connection dropped during the import")
            }
            return try body(PostgresSession(connection: connection))
        }
        if let connection, connection.isUsable {
            do {
                return try body(PostgresSession(connection: connection))
            } catch where error.isUnavailable {
                self.connection?.close()
                self.connection = nil
            }
        }
        let fresh = try Self.connect(setting, readOnly: readOnly, answerTimeout: answerTimeout)
        connection = fresh
        do {
            return try body(PostgresSession(connection: fresh))
        } catch {
            if error.isUnavailable {
                fresh.close()
                connection = nil
            }
            throw error
        }
    }

    /// The first key of feedd's two-key advisory locks (config sync: 1, a hook's digest: its name's hash).
    static let advisoryLockClass = 0x66656564

    /// Marks the start or end of an import (see `importing`).
    func setImporting(_ value: Bool) {
        lock.lock()
        defer { lock.unlock() }
        importing = value
    }

    /// `withSession` around one transaction.
    @discardableResult
    func inTransaction<T>(_ body: (PostgresSession) throws(StoreError) -> T) throws(StoreError) -> T {
        try withSession { (db: PostgresSession) throws(StoreError) -> T in
            try db.transaction { () throws(StoreError) -> T in try body(db) }
        }
    }
}
