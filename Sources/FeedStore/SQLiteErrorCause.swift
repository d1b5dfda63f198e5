import CSQLite
import Foundation

/// SQLite's result codes and the system's `errno` behind them, in words an operator can act on:
/// "read-only", "disk full", "permission denied" instead of "unable to open database file".
enum SQLiteErrorCause {
    /// Extended codes whose C macros Swift does not import (they are built from other macros).
    static let readonlyDirectory = SQLITE_READONLY | (6 << 8)
    static let cantOpenIsDirectory = SQLITE_CANTOPEN | (2 << 8)

    /// The cause of extended result `code`, with `systemErrno` (from `sqlite3_system_errno`, 0
    /// when none) in words after it; `nil` for codes whose SQLite message says enough already.
    static func describe(code: Int32, systemErrno: Int32) -> String? {
        guard let cause = words(for: code) else { return nil }
        guard systemErrno != 0, let text = strerror(systemErrno) else { return cause }
        let system = String(cString: text)
        return cause + " (" + system.prefix(1).lowercased() + system.dropFirst() + ")"
    }

    private static func words(for code: Int32) -> String? {
        switch code {
        case readonlyDirectory:
            return "read-only: the folder of the database is not writable, and SQLite needs to create its -wal and -shm files there"
        case cantOpenIsDirectory:
            return "the path is a folder, not a database file"
        default:
            break
        }
        switch code & 0xFF {
        case SQLITE_PERM: return "permission denied"
        case SQLITE_BUSY: return "the database is busy: another process holds its write lock"
        case SQLITE_READONLY: return "read-only: the file's permissions or a read-only file system forbid writing"
        case SQLITE_IOERR: return "input/output error"
        case SQLITE_CORRUPT: return "the database file is corrupt"
        case SQLITE_FULL: return "disk full (or the database reached its size limit)"
        case SQLITE_CANTOPEN: return "cannot open the file"
        case SQLITE_NOTADB: return "the file is not a SQLite database"
        case SQLITE_NOMEM: return "out of memory"
        default: return nil
        }
    }
}
