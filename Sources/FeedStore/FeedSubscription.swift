import Foundation

/// One `[[feed]]` of the config, as the store needs it.
public struct FeedSubscription: Sendable, Hashable {
    public var name: String
    public var url: String
    public var tags: [String]
    /// Nil for the daemon's default interval.
    public var interval: TimeInterval?
    public var followComments: Bool
    public var commentsWindow: TimeInterval
    public var notifyBacklog: Bool
    /// Retention: delete items not seen in the feed for this long (nil keeps them).
    public var keep: TimeInterval?
    /// Retention: keep at most this many items (nil for no limit).
    public var maxItems: Int?
    /// Configured but not polled (`paused = true`), nor are its comment feeds.
    public var paused: Bool

    /// A subscription with DESIGN.md's defaults: follow comments for 7 days, no backlog events.
    public init(name: String, url: String, tags: [String] = [], interval: TimeInterval? = nil,
                followComments: Bool = true, commentsWindow: TimeInterval = 7 * 86_400, notifyBacklog: Bool = false,
                keep: TimeInterval? = nil, maxItems: Int? = nil, paused: Bool = false) {
        self.paused = paused
        self.name = name
        self.url = url
        self.tags = tags
        self.interval = interval
        self.followComments = followComments
        self.commentsWindow = commentsWindow
        self.notifyBacklog = notifyBacklog
        self.keep = keep
        self.maxItems = maxItems
    }
}

extension FeedSubscription {
    /// Whether syncing this subscription changes a setting `feed` stores (name, tags, interval,
    /// comment following, backlog, retention); the URL is compared apart, since moving it has
    /// rules of its own.
    package func changesSettings(of feed: FeedRecord) -> Bool {
        feed.name != name || feed.tags != tags || feed.interval != interval || feed.followComments != followComments
            || feed.commentsWindow != commentsWindow || feed.notifyBacklog != notifyBacklog || feed.keep != keep
            || feed.maxItems != maxItems
    }
}

/// Which stored main feeds a sync stops when the config no longer lists them.
///
/// One daemon on its own store owns the feed list: every feed its config leaves out stops
/// (`all`). Daemons sharing a store each sync their own config; one that never listed a feed
/// must not stop it for the others, so each stops only the feeds its own config dropped since
/// its last sync (`named`).
public enum UnlistedFeeds: Sendable, Hashable {
    case all
    case named(Set<String>)

    package func includes(_ name: String) -> Bool {
        switch self {
        case .all: true
        case .named(let names): names.contains(name)
        }
    }
}

/// What `syncConfiguredFeeds` changed, by feed name.
public struct SyncReport: Sendable, Hashable {
    public var added: [String] = []
    public var updated: [String] = []
    public var deactivated: [String] = []
    public var reactivated: [String] = []
    /// Subscriptions the store could not give their URL (another configured feed polls it), each
    /// message naming the feed, the URL and the holder; the rest of the config is applied.
    public var conflicts: [String] = []

    /// An empty report: nothing changed.
    public init() {}
}

extension Store {
    /// Why a main feed stopped when it left the config; a feed retired for this comes back when re-added.
    package static let removedFromConfig = "removed from config"
    /// Why a comment feed stopped when its main feed left the config.
    package static let parentRemoved = "parent feed removed"
    /// Why a configured main feed is not polled: `paused = true`.
    public static let pausedReason = "paused"
    /// Why a comment feed is not polled while its main feed is paused.
    package static let parentPaused = "parent feed paused"

    /// Reconciles the main feeds with the config in one transaction; a URL that another row
    /// already holds never makes it fail.
    ///
    /// A subscription matches a stored feed by configured URL, then by polled URL, then by name
    /// (so editing a feed's URL keeps its history), each rule over every subscription before the
    /// next (so one feed's name cannot take the row another polls). By polled URL, a comment feed
    /// counts too: a configured URL always wins, so that row becomes the main feed, and its items
    /// stay known. New ones are added, due now; changed settings are updated; feeds no longer
    /// configured are deactivated with their comment feeds, their items kept; a feed that comes
    /// back is reactivated.
    public func syncConfiguredFeeds(_ subscriptions: [FeedSubscription], stopping unlisted: UnlistedFeeds,
                                    now: Date) throws(StoreError) -> SyncReport {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> SyncReport in
            try db.transaction { () throws(StoreError) -> SyncReport in
                var report = SyncReport()
                let stored = try Self.selectFeeds(db, "WHERE kind = 'main' ORDER BY id", [])
                let rows = try Self.matchRows(subscriptions, stored: stored, db: db)
                for (index, subscription) in subscriptions.enumerated() {
                    if let existing = rows[index] {
                        try Self.update(existing, to: subscription, now: now, db: db, report: &report)
                    } else if try Self.freeURL(subscription.url, for: nil, now: now, db: db, subscription: subscription,
                                               report: &report) {
                        try Self.add(subscription, now: now, db: db)
                        report.added.append(subscription.name)
                        if subscription.paused, let added = try Self.selectFeeds(db, "WHERE id = ?", [db.lastInsertRowID]).first {
                            try Self.setActive(false, feed: added, reason: Self.pausedReason, db: db)
                        }
                    }
                }
                let matched = Set(rows.values.map(\.id))
                // A feed retired for another reason (410 Gone) that leaves the config is marked removed
                // too, so adding it again brings it back.
                for feed in stored where !matched.contains(feed.id) && feed.retiredReason != Self.removedFromConfig
                    && unlisted.includes(feed.name) {
                    try Self.setActive(false, feed: feed, reason: Self.removedFromConfig, db: db)
                    if feed.isActive { report.deactivated.append(feed.name) }
                }
                return report
            }
        }
    }

    private static func add(_ subscription: FeedSubscription, now: Date, db: SQLiteConnection) throws(StoreError) {
        try db.run("""
            INSERT INTO feeds (url, configured_url, name, kind, tags, interval_seconds, follow_comments,
                comments_window_seconds, notify_backlog, keep_seconds, max_items, next_poll_at, created_at)
            VALUES (?, ?, ?, 'main', ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [subscription.url, subscription.url, subscription.name,
                  try JSONColumn.encode(subscription.tags, path: db.path, what: "tags"), subscription.interval,
                  subscription.followComments, subscription.commentsWindow, subscription.notifyBacklog,
                  subscription.keep, subscription.maxItems, now, now])
    }

    /// Turns a comment feed whose URL is now configured into that main feed: its items stay
    /// known, so what the URL listed before is not announced again.
    private static func adopt(_ feed: FeedRecord, as subscription: FeedSubscription, now: Date,
                              db: SQLiteConnection, report: inout SyncReport) throws(StoreError) {
        try db.run("""
            UPDATE feeds SET kind = 'main', parent_item_id = NULL, configured_url = ?, name = ?, tags = ?,
                interval_seconds = ?, follow_comments = ?, comments_window_seconds = ?, notify_backlog = ?,
                keep_seconds = ?, max_items = ?, active = 1, retired_reason = NULL, next_poll_at = min(next_poll_at, ?)
            WHERE id = ?
            """, [subscription.url, subscription.name, try JSONColumn.encode(subscription.tags, path: db.path, what: "tags"),
                  subscription.interval, subscription.followComments, subscription.commentsWindow,
                  subscription.notifyBacklog, subscription.keep, subscription.maxItems, now, feed.id])
        report.added.append(subscription.name)
    }

    private static func update(_ feed: FeedRecord, to subscription: FeedSubscription, now: Date,
                               db: SQLiteConnection, report: inout SyncReport) throws(StoreError) {
        if feed.kind == .comments {
            try adopt(feed, as: subscription, now: now, db: db, report: &report)
            return
        }
        let urlChanged = (feed.configuredURL ?? feed.url) != subscription.url
        if urlChanged, feed.url != subscription.url,
           try !freeURL(subscription.url, for: feed.id, now: now, db: db, subscription: subscription, report: &report) {
            // The URL stays as it was (configured_url too, so the next sync tries again); the rest applies.
            var kept = subscription
            kept.url = feed.configuredURL ?? feed.url
            try update(feed, to: kept, now: now, db: db, report: &report)
            return
        }
        let settingsChanged = urlChanged || subscription.changesSettings(of: feed)
        if settingsChanged {
            try db.run("""
                UPDATE feeds SET configured_url = ?, name = ?, tags = ?, interval_seconds = ?, follow_comments = ?,
                    comments_window_seconds = ?, notify_backlog = ?, keep_seconds = ?, max_items = ?
                WHERE id = ?
                """, [subscription.url, subscription.name, try JSONColumn.encode(subscription.tags, path: db.path, what: "tags"),
                      subscription.interval, subscription.followComments, subscription.commentsWindow,
                      subscription.notifyBacklog, subscription.keep, subscription.maxItems, feed.id])
            try db.run("""
                UPDATE feeds SET name = ?, tags = ?, keep_seconds = ?
                WHERE kind = 'comments' AND parent_item_id IN (SELECT id FROM items WHERE feed_id = ?)
                """, [subscription.name + " comments", try JSONColumn.encode(subscription.tags, path: db.path, what: "tags"),
                      subscription.keep, feed.id])
            report.updated.append(subscription.name)
        }
        if urlChanged {
            // A new URL is a new conversation with a server: old validators and redirect state don't apply.
            try db.run("UPDATE feeds SET url = ? WHERE id = ?", [subscription.url, feed.id])
            try forgetServerState(of: feed.id, now: now, db: db)
        }
        if subscription.paused {
            if feed.isActive || feed.retiredReason == removedFromConfig {
                try setActive(false, feed: feed, reason: pausedReason, db: db)
            }
            return
        }
        if !feed.isActive && (feed.retiredReason == removedFromConfig || feed.retiredReason == pausedReason || urlChanged) {
            try setActive(true, feed: feed, reason: nil, db: db)
            try db.run("""
                UPDATE feeds SET next_poll_at = min(next_poll_at, ?), gone_count = 0, gone_since = NULL, gone_seen_poll = NULL
                WHERE id = ?
                """, [now, feed.id])
            report.reactivated.append(subscription.name)
        }
    }

    /// Switches a main feed and its comment feeds off (with `reason`) or back on.
    private static func setActive(_ active: Bool, feed: FeedRecord, reason: String?, db: SQLiteConnection) throws(StoreError) {
        try db.run("UPDATE feeds SET active = ?, retired_reason = ? WHERE id = ?", [active, reason, feed.id])
        let children = "kind = 'comments' AND parent_item_id IN (SELECT id FROM items WHERE feed_id = ?)"
        if active {
            try db.run("UPDATE feeds SET active = 1, retired_reason = NULL WHERE \(children) AND retired_reason IN (?, ?)",
                       [feed.id, parentRemoved, parentPaused])
        } else {
            try db.run("UPDATE feeds SET active = 0, retired_reason = ? WHERE \(children) AND active = 1",
                       [reason == pausedReason ? parentPaused : parentRemoved, feed.id])
        }
    }
}
