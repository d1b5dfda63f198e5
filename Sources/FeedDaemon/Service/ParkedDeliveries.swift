import FeedStore

/// `feedd hooks retry`: failed deliveries put back in line. Requeuing writes the store, so it is
/// opened for writing, but nothing is fetched or delivered here: no fetcher or notifier is built.
public enum ParkedDeliveries {
    /// Requeues the failed deliveries with `ids` (all of them when nil); the count requeued.
    public static func requeue(ids: [Int64]?, config: Config) throws(StoreError) -> Int {
        try StoreOpening.open(config.daemon.store, patience: .oneShot).retryParked(ids: ids)
    }
}
