import FeedModel
import FeedStore
import Foundation

/// The rules of an ingest, as the daemon decides them: the backlog rule, the comment window, the
/// cap on comment feeds per fetch, and which hooks get an outbox row. The store asks these inside
/// its ingest transaction (`IngestPolicy`) and writes the answers there.
///
/// Pure: plain values in, plain values out, so the rules are tested without a database, and a
/// second store applies exactly the same ones. The item identity rule is not here: it is frozen,
/// and lives in the store's `ItemIdentity` because the store matches by it.
public struct IngestPlanner: IngestPolicy {
    /// Comment feeds one fetch of a main feed may register. Real feeds list up to 50–100 items,
    /// each with at most one comment feed; a feed that names thousands must not make the daemon
    /// poll thousands of URLs. The rest are registered by later fetches that still list them.
    public static let maxCommentFeedsPerFetch = 100

    /// The feed's own `block` / `allow` rules (a comment feed gets its main feed's): what they do
    /// not admit is held back. Hook rules only filter their own hook, in `outboxHooks`.
    public var feedRules: EntryPredicate

    public init(feedRules: EntryPredicate = .all) {
        self.feedRules = feedRules
    }

    public func isBlocked(_ entry: Entry, feed: FeedRecord) -> Bool {
        !feedRules.admits(entry)
    }

    public var maxCommentFeedsPerFetch: Int { Self.maxCommentFeedsPerFetch }

    /// The backlog rule: a main feed's first successful fetch is backlog unless it says
    /// `notify_backlog`; a comment feed's first fetch is backlog exactly when its article was
    /// (comments on a new article fire, comments on an old article at first sight do not), and
    /// when its article is gone. Every later fetch fires.
    public func isBacklog(feed: FeedRecord, articleWasBacklog: Bool?) -> Bool {
        if feed.fetchState.firstSuccessDone { return false }
        switch feed.kind {
        case .main:
            return !feed.notifyBacklog
        case .comments:
            return articleWasBacklog ?? true
        }
    }

    /// The comment window: an article of a main feed with `follow_comments` has its comment feed
    /// followed while it is younger than the feed's `comments_window`. A publication date later
    /// than the article's first sighting counts as that sighting, as `ArticleDates.publishedOrSeen`
    /// does: a date in the future would otherwise keep the article young for ever. Comment feeds
    /// never register comment feeds of their own.
    public func followsComments(feed: FeedRecord, article: Entry, firstSeen: Date, now: Date) -> Bool {
        guard feed.kind == .main, feed.followComments else { return false }
        return now.timeIntervalSince(min(article.published ?? firstSeen, firstSeen)) <= feed.commentsWindow
    }

    /// The hooks that get a row for `event` of `item`: none for backlog, else every route of the
    /// feed that asks for the event and whose block/allow rules admit the item.
    public func outboxHooks(event: HookEvent, item: StoredItem, feed: FeedRecord, routes: [HookRoute],
                            isBacklog: Bool) -> [String] {
        guard !isBacklog else { return [] }
        return routes.filter { $0.events.contains(event) && $0.admits.admits(item.entry) }.map(\.hook)
    }
}
