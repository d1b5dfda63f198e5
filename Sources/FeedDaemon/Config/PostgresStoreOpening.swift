import FeedStore

/// The one place that constructs the PostgreSQL store, kept apart so the daemon builds and is
/// tested on SQLite alone while the PostgreSQL store is written beside it.
enum PostgresStoreOpening {
    /// Opens the store at `uri` (migrating it) or, `readOnly`, for the query commands (never migrating).
    static func open(_ uri: String, readOnly: Bool) throws(StoreError) -> any FeedStoring & StoreCopying {
        throw StoreError.unavailable(server: PostgresURICheck.redacted(uri), message: "the PostgreSQL store is not built yet")
    }
}
