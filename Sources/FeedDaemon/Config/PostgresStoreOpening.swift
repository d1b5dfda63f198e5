import FeedStore
import FeedStorePostgres

/// The one place that constructs the PostgreSQL store.
enum PostgresStoreOpening {
    /// Opens the store at `uri` (migrating it) or, `readOnly`, for the query commands (never migrating).
    static func open(_ uri: String, readOnly: Bool) throws(StoreError) -> any FeedStoring & StoreCopying {
        let timeout = DatabaseTimeoutSetting.seconds()
        return readOnly ? try PostgresStore(readingAt: uri, answerTimeout: timeout)
            : try PostgresStore(uri: uri, answerTimeout: timeout)
    }
}
