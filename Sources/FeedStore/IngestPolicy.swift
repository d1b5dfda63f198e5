import FeedModel
import Foundation

/// The rules an ingest applies, which the daemon decides and the store only asks: whether a fetch
/// is backlog, which comment feeds to follow, how many to register at once, and which hooks get an
/// outbox row for an event.
///
/// The store calls it inside the ingest transaction with what it read there, and writes the
/// answers in that same transaction, so the decision is persisted atomically as before. Plain
/// values only, no SQLite types: the PostgreSQL store asks the same questions of the same rules.
/// The daemon's implementation is `IngestPlanner` (FeedDaemon/Planning).
public protocol IngestPolicy: Sendable {
    /// Whether this fetch of `feed` stores its items as backlog, without events.
    /// `articleWasBacklog` is, for a comment feed, whether its article was stored as backlog
    /// (nil when the feed has no article or the article is gone); nil for a main feed.
    func isBacklog(feed: FeedRecord, articleWasBacklog: Bool?) -> Bool

    /// Whether the comment feed an article of `feed` names is followed now; `firstSeen` is when
    /// the store first saw the article (earlier than `now` for an article already stored).
    func followsComments(feed: FeedRecord, article: Entry, firstSeen: Date, now: Date) -> Bool

    /// How many comment feeds one fetch may register; the rest wait for later fetches.
    var maxCommentFeedsPerFetch: Int { get }

    /// Whether the feed's own `block` / `allow` rules hold `entry` back: it is stored and marked,
    /// is never new, and fires nothing (a new item) or nothing more (an update).
    func isBlocked(_ entry: Entry, feed: FeedRecord) -> Bool

    /// The hooks that get an outbox row for `event` of `item`, among the `routes` of its feed;
    /// `isBacklog` is the answer of `isBacklog(feed:articleWasBacklog:)` for this fetch.
    func outboxHooks(event: HookEvent, item: StoredItem, feed: FeedRecord, routes: [HookRoute],
                     isBacklog: Bool) -> [String]
}
