import FeedStore

/// Which stored feeds a config may stop when it is synced into the store.
///
/// A SQLite store belongs to one daemon, whose config is the whole feed list: every feed the
/// config leaves out is stopped. A PostgreSQL store may be shared by daemons on several hosts,
/// each with its own config; there a config only stops what it dropped itself (names its previous
/// version had and this one has not), so one daemon's start or reload never stops the feeds another
/// daemon's config lists. At start-up nothing is stopped: the daemon does not know what it dropped
/// while it was down.
enum FeedListOwnership {
    /// The feeds to stop when `current` is synced, `previous` being the config this process ran
    /// before (nil at start-up and in one-shot commands).
    static func unlisted(in location: StoreLocation, previous: Config?, current: Config) -> UnlistedFeeds {
        guard location.isShared else { return .all }
        guard let previous, previous.daemon.database == current.daemon.database else { return .named([]) }
        let kept = Set(current.feeds.map(\.name))
        return .named(Set(previous.feeds.map(\.name)).subtracting(kept))
    }
}
