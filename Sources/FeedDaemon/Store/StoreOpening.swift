import FeedStore
import Foundation

/// Opens the store a location names, behind the protocols: the daemon and every command hold
/// `any FeedStoring`, and only this function knows which store it is.
public enum StoreOpening {
    /// Opens the SQLite file (created and migrated, or read-only: never created or migrated) or
    /// the PostgreSQL server (its password from libpq's own sources; see `PostgresPassfile`).
    public static func open(_ location: StoreLocation, readOnly: Bool = false) throws(StoreError) -> any FeedStoring & StoreCopying {
        switch location {
        case .sqlite(let path):
            return readOnly ? try Store(readingAt: path) : try Store(path: path)
        case .postgres(let uri):
            PostgresPassfile.adoptCredential()
            return try PostgresStoreOpening.open(uri, readOnly: readOnly)
        }
    }

    /// `open`, tried `patience.attempts` times while the server is unavailable (a one-shot command
    /// started while the database restarts), then the last error.
    public static func open(_ location: StoreLocation, readOnly: Bool = false,
                            patience: UnavailablePatience) throws(StoreError) -> any FeedStoring & StoreCopying {
        try patience.retrying { () throws(StoreError) in try open(location, readOnly: readOnly) }
    }
}
