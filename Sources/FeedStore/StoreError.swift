/// Why a store operation failed; every message starts with `store:` and names the database file.
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
        }
    }
}

extension StoreError {
    /// Whether another connection held the lock the statement needed (SQLITE_BUSY and its extended codes).
    var isBusy: Bool {
        guard case .sqlite(_, _, let code, _) = self else { return false }
        return code & 0xff == 5
    }
}
