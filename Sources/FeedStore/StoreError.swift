/// Why a store operation failed; every message starts with `store:` and names the database file,
/// or for PostgreSQL the server (user, host, port, database: never a password).
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// SQLite could not open or create the database file, or could open it only read-only;
    /// `message` says why in words (permission denied, read-only, not a folder) before SQLite's own.
    case cannotOpen(path: String, message: String)
    /// A statement failed; `code` is SQLite's extended result code, `message` its `sqlite3_errmsg`
    /// after the cause in words where the code has one ("disk full …: database or disk is full").
    case sqlite(path: String, statement: String, code: Int32, message: String)
    /// The file was written by a newer feedd whose schema this version does not know.
    case newerSchema(path: String, found: Int, known: Int)
    /// An operation named a feed id the database does not hold.
    case feedNotFound(path: String, feedID: Int64)
    /// A stored value could not be read back (e.g. an item's entry JSON).
    case unreadableRecord(path: String, what: String, message: String)
    /// The database server could not be reached, or the connection to it dropped: a condition that
    /// passes (a restart, a network cut), which the daemon waits out with backoff.
    case unavailable(server: String, message: String)
    /// A PostgreSQL statement failed; `sqlstate` is the server's five-character error code.
    case postgres(server: String, statement: String, sqlstate: String, message: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let message):
            "store: cannot open database \(path): \(message)"
        case .sqlite(let path, let statement, let code, let message):
            "store: \(path): \(message) (SQLite code \(code)) in \"\(statement)\""
        case .newerSchema(let path, let found, let known):
            "store: \(path) has schema version \(found), newer than the \(known) this feedd knows; upgrade feedd"
        case .feedNotFound(let path, let feedID):
            "store: \(path): no feed with id \(feedID)"
        case .unreadableRecord(let path, let what, let message):
            "store: \(path): cannot read \(what): \(message)"
        case .unavailable(let server, let message):
            "store: database server \(server) unavailable: \(message)"
        case .postgres(let server, let statement, let sqlstate, let message):
            "store: \(server): \(message) (SQLSTATE \(sqlstate)) in \"\(statement)\""
        }
    }
}

extension StoreError {
    /// Whether the failure is the database server being away (not a bad statement or file): worth
    /// waiting out and trying again.
    public var isUnavailable: Bool {
        if case .unavailable = self { return true }
        return false
    }

    /// Whether another connection held the lock the statement needed (SQLITE_BUSY and its extended codes).
    var isBusy: Bool {
        guard case .sqlite(_, _, let code, _) = self else { return false }
        return code & 0xff == 5
    }
}
