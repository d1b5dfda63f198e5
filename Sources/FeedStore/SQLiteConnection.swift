import CSQLite
import Foundation

/// A value bound to a statement parameter.
enum SQLValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// Anything that can be bound to a statement parameter; values are always bound, never spliced into SQL.
protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLBindable { var sqlValue: SQLValue { self } }
extension String: SQLBindable { var sqlValue: SQLValue { .text(self) } }
extension Int64: SQLBindable { var sqlValue: SQLValue { .integer(self) } }
extension Int: SQLBindable { var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Double: SQLBindable { var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLBindable { var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
/// Dates are stored as REAL seconds since 1970, so SQL can compare and order them.
extension Date: SQLBindable { var sqlValue: SQLValue { .real(timeIntervalSince1970) } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// One result row of a statement being stepped; valid only inside the closure it is passed to.
struct Row {
    fileprivate let statement: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }
    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(statement, column) != 0 }
    func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
    func date(_ column: Int32) -> Date { Date(timeIntervalSince1970: double(column)) }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }
    func optionalDate(_ column: Int32) -> Date? { isNull(column) ? nil : date(column) }
    func text(_ column: Int32) -> String { optionalText(column) ?? "" }

    /// Reads by byte length, so text with an embedded NUL comes back whole.
    func optionalText(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}

/// One SQLite database connection with a cache of prepared statements.
///
/// Not thread-safe by itself: `Store` serialises every use behind its lock, which is why the
/// connection is opened with `SQLITE_OPEN_NOMUTEX`. Every SQLite pointer lives in this file.
final class SQLiteConnection {
    /// How long a statement waits for another process's write lock (e.g. `feedd fetch` while `feedd run` writes).
    static let busyTimeoutMilliseconds: Int32 = 10_000

    let path: String
    private let database: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    /// A few of `statements`, replaced round-robin; enough for the statements of one ingest.
    private var recentStatements: [(sql: String, statement: OpaquePointer)] = []
    private var nextRecentSlot = 0
    private static let recentStatementCount = 8

    /// Process-wide settings, applied once before the first connection initialises SQLite.
    ///
    /// Memory statistics (`sqlite3_memory_used`, the soft heap limit), which feedd does not use,
    /// cost a global mutex around every one of SQLite's ~70 allocations per ingested item.
    private static let processSettings: Int32 = csqlite_disable_memory_statistics()

    /// Opens `path` for reading and writing (created if missing), or with `readOnly` for reading only.
    init(path: String, readOnly: Bool = false) throws(StoreError) {
        _ = Self.processSettings
        var handle: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { Self.openFailure($0, code: code) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw StoreError.cannotOpen(path: path, message: message)
        }
        // SQLite quietly falls back to read-only when it may not write the file; every later
        // write would fail, so say so now, once, with the reason.
        guard readOnly || sqlite3_db_readonly(handle, "main") != 1 else {
            sqlite3_close_v2(handle)
            throw StoreError.cannotOpen(path: path, message: "read-only: the file's permissions or a read-only "
                + "file system forbid writing")
        }
        database = handle
        self.path = path
        sqlite3_extended_result_codes(database, 1)
        sqlite3_busy_timeout(database, Self.busyTimeoutMilliseconds)
    }

    /// Why opening failed, in words, with SQLite's own message and codes for reference.
    private static func openFailure(_ handle: OpaquePointer, code: Int32) -> String {
        let extended = sqlite3_extended_errcode(handle)
        let sqliteMessage = String(cString: sqlite3_errmsg(handle))
        let reference = "SQLite: \(sqliteMessage), code \(extended)"
        guard let cause = SQLiteErrorCause.describe(code: extended, systemErrno: sqlite3_system_errno(handle)) else {
            return reference
        }
        return "\(cause); \(reference)"
    }

    deinit {
        if walCommitHook != nil { sqlite3_wal_hook(database, nil, nil) }
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(database)
    }

    /// What runs after each commit, with the WAL's length in frames (`WALCheckpointer`).
    private final class WALCommitHook {
        let onCommit: (Int) -> Bool
        init(_ onCommit: @escaping (Int) -> Bool) { self.onCommit = onCommit }
    }
    private var walCommitHook: WALCommitHook?

    /// Replaces SQLite's automatic checkpoint with `onCommit`, called after each commit with the
    /// number of frames in the WAL; when it returns true, this connection checkpoints at once
    /// (PASSIVE, as the automatic one would).
    func setWALCommitHook(_ onCommit: @escaping (Int) -> Bool) {
        let hook = WALCommitHook(onCommit)
        walCommitHook = hook
        sqlite3_wal_hook(database, { context, database, name, frames in
            guard let context, let database else { return SQLITE_OK }
            let hook = Unmanaged<WALCommitHook>.fromOpaque(context).takeUnretainedValue()
            if hook.onCommit(Int(frames)) { sqlite3_wal_checkpoint_v2(database, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil) }
            return SQLITE_OK
        }, Unmanaged.passUnretained(hook).toOpaque())
    }

    /// A PASSIVE checkpoint: copies into the database what the WAL holds, as far as no reader
    /// needs the old pages, without waiting for any lock.
    func checkpointPassive() throws(StoreError) {
        let code = sqlite3_wal_checkpoint_v2(database, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        guard code == SQLITE_OK else { throw error(code, "PRAGMA wal_checkpoint(PASSIVE)") }
    }

    /// Runs a script of one or more statements without parameters (migrations, pragmas).
    func executeScript(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(database, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(database))
            throw StoreError.sqlite(path: path, statement: Self.summary(of: sql), code: code,
                                    message: withCause(text, code: code))
        }
    }

    /// Runs one statement to completion, for INSERT, UPDATE, DELETE.
    func run(_ sql: String, _ values: [any SQLBindable] = []) throws(StoreError) {
        try withStatement(sql, values) { (step: () throws(StoreError) -> Row?) throws(StoreError) in
            while try step() != nil {}
        }
    }

    /// Runs a query and maps every row.
    func query<T>(_ sql: String, _ values: [any SQLBindable] = [],
                  _ map: (Row) throws(StoreError) -> T) throws(StoreError) -> [T] {
        try withStatement(sql, values) { (step: () throws(StoreError) -> Row?) throws(StoreError) -> [T] in
            var results: [T] = []
            while let row = try step() { results.append(try map(row)) }
            return results
        }
    }

    /// Runs a query and maps its first row, if any.
    func queryFirst<T>(_ sql: String, _ values: [any SQLBindable] = [],
                       _ map: (Row) throws(StoreError) -> T) throws(StoreError) -> T? {
        try withStatement(sql, values) { (step: () throws(StoreError) -> Row?) throws(StoreError) -> T? in
            guard let row = try step() else { return nil }
            return try map(row)
        }
    }

    /// The rowid of the last successful INSERT on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(database) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(database)) }

    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock up front, so a concurrent writer makes us wait
    /// (busy timeout) at the start instead of failing halfway through.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try run("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            try? run("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside a savepoint of the transaction the caller holds: released when it
    /// returns, rolled back to (undoing only its own writes) when it throws.
    ///
    /// When SQLite has already rolled back the whole transaction (an I/O error, a full disk), the
    /// savepoint is gone with it: the error is thrown, for the caller to fail the whole
    /// transaction, since the writes of earlier savepoints are gone too.
    func savepoint<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> Result<T, StoreError> {
        try run("SAVEPOINT one_feed")
        do {
            let result = try body()
            try run("RELEASE one_feed")
            return .success(result)
        } catch {
            guard sqlite3_get_autocommit(database) == 0 else { throw error }
            try run("ROLLBACK TO one_feed")
            try run("RELEASE one_feed")
            return .failure(error)
        }
    }

    private func withStatement<T>(_ sql: String, _ values: [any SQLBindable],
                                  _ body: (() throws(StoreError) -> Row?) throws(StoreError) -> T) throws(StoreError) -> T {
        let statement = try prepared(sql)
        defer { sqlite3_reset(statement) }
        // Every parameter is bound on every use; clearing is only needed when some are left out.
        if values.count < sqlite3_bind_parameter_count(statement) { sqlite3_clear_bindings(statement) }
        for (index, value) in values.enumerated() {
            try bind(value.sqlValue, at: Int32(index + 1), in: statement, sql: sql)
        }
        return try body { () throws(StoreError) -> Row? in
            let code = sqlite3_step(statement)
            switch code {
            case SQLITE_ROW: return Row(statement: statement)
            case SQLITE_DONE: return nil
            default: throw self.error(code, sql)
            }
        }
    }

    /// The cached statement for `sql`, prepared on first use.
    ///
    /// The last few statements are checked first by `==`, which for the same literal is an
    /// identity check: hashing a long INSERT text for the dictionary cost more than binding it.
    private func prepared(_ sql: String) throws(StoreError) -> OpaquePointer {
        if let recent = recentStatements.first(where: { $0.sql == sql }) { return recent.statement }
        let statement: OpaquePointer
        if let cached = statements[sql] {
            statement = cached
        } else {
            var prepared: OpaquePointer?
            let code = sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
            guard code == SQLITE_OK, let prepared else { throw error(code, sql) }
            statements[sql] = prepared
            statement = prepared
        }
        if recentStatements.count < Self.recentStatementCount {
            recentStatements.append((sql, statement))
        } else {
            recentStatements[nextRecentSlot] = (sql, statement)
            nextRecentSlot = (nextRecentSlot + 1) % Self.recentStatementCount
        }
        return statement
    }

    private func bind(_ value: SQLValue, at index: Int32, in statement: OpaquePointer, sql: String) throws(StoreError) {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(statement, index)
        case .integer(let number): code = sqlite3_bind_int64(statement, index, number)
        case .real(let number): code = sqlite3_bind_double(statement, index, number)
        case .text(var text):
            code = text.withUTF8 { bytes in
                // An empty buffer may have no base address, which SQLite would bind as NULL.
                guard let base = bytes.baseAddress, !bytes.isEmpty else {
                    return sqlite3_bind_text(statement, index, "", 0, csqlite_transient())
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(statement, index, $0, Int32(bytes.count), csqlite_transient())
                }
            }
        }
        guard code == SQLITE_OK else { throw error(code, sql) }
    }

    private func error(_ code: Int32, _ sql: String) -> StoreError {
        // With extended codes on, `code` already is the extended one (e.g. SQLITE_READONLY_DIRECTORY).
        .sqlite(path: path, statement: Self.summary(of: sql), code: code,
                message: withCause(String(cString: sqlite3_errmsg(database)), code: code))
    }

    /// SQLite's `message` after the cause in words, when the code has one ("disk full: …").
    private func withCause(_ message: String, code: Int32) -> String {
        guard let cause = SQLiteErrorCause.describe(code: code, systemErrno: sqlite3_system_errno(database)) else {
            return message
        }
        return "\(cause): \(message)"
    }

    /// The first words of a statement, enough to tell which one failed.
    private static func summary(of sql: String) -> String {
        let words = sql.split(whereSeparator: { $0.isWhitespace }).prefix(6).joined(separator: " ")
        return words.count > 60 ? String(words.prefix(60)) + "…" : words
    }
}
