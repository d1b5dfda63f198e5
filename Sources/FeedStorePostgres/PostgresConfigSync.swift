import FeedModel
import FeedStore
import Foundation

/// Config sync, by the SQLite store's rules (see `Store.syncConfiguredFeeds`): match by configured
/// URL, then polled URL, then name; add, update, stop and bring back main feeds in one transaction.
///
/// Several daemons sharing the database each sync their own config: the transaction first takes
/// an advisory lock that only syncs ask for, so two syncs run one after the other and each sees
/// the feeds the other added (no duplicate rows for one URL, no unique-key error). Not a lock on
/// the table: a claim holding feed rows (`FOR UPDATE`) and then updating them would wait for a
/// table lock the sync holds while the sync waits for those rows, a deadlock PostgreSQL breaks
/// by failing one of them. With the advisory lock, sync and claims wait for each other row by row.
extension PostgresStore {
    /// Reconciles the stored main feeds with the configured ones in one transaction.
    public func syncConfiguredFeeds(_ subscriptions: [FeedSubscription], stopping unlisted: UnlistedFeeds,
                                    now: Date) throws(StoreError) -> SyncReport {
        try inTransaction { (db: PostgresSession) throws(StoreError) -> SyncReport in
            try db.run("SELECT pg_advisory_xact_lock($1::int, 1)", [PostgresStore.advisoryLockClass])
            var report = SyncReport()
            let stored = try PostgresRecords.selectFeeds(db, "WHERE kind = 'main' ORDER BY id", [])
            let rows = try Self.matchRows(subscriptions, stored: stored, db: db)
            for (index, subscription) in subscriptions.enumerated() {
                if let existing = rows[index] {
                    try update(existing, to: subscription, now: now, db: db, report: &report)
                } else if try freeURL(subscription.url, for: nil, now: now, db: db, subscription: subscription, report: &report) {
                    let id = try add(subscription, now: now, db: db)
                    report.added.append(subscription.name)
                    if subscription.paused, let added = try PostgresRecords.selectFeeds(db, "WHERE id = $1", [id]).first {
                        try Self.setActive(false, feed: added, reason: Store.pausedReason, db: db)
                    }
                }
            }
            let matched = Set(rows.values.map(\.id))
            for feed in stored where !matched.contains(feed.id) && feed.retiredReason != Store.removedFromConfig
                && unlisted.includes(feed.name) {
                try Self.setActive(false, feed: feed, reason: Store.removedFromConfig, db: db)
                if feed.isActive { report.deactivated.append(feed.name) }
            }
            return report
        }
    }

    private func tagsText(_ tags: [String]) throws(StoreError) -> String {
        try JSONColumn.encode(tags, path: server, what: "tags")
    }

    private func add(_ subscription: FeedSubscription, now: Date, db: PostgresSession) throws(StoreError) -> Int64 {
        try db.queryFirst("""
            INSERT INTO feeds (url, configured_url, name, kind, tags, interval_seconds, follow_comments,
                comments_window_seconds, notify_backlog, keep_seconds, max_items, next_poll_at, created_at)
            VALUES ($1, $1, $2, 'main', $3, $4, $5, $6, $7, $8, $9, $10, $10)
            RETURNING id
            """, [subscription.url, subscription.name, try tagsText(subscription.tags), subscription.interval,
                  subscription.followComments, subscription.commentsWindow, subscription.notifyBacklog,
                  subscription.keep, subscription.maxItems, now]) { $0.int64(0) } ?? 0
    }

    /// A comment feed whose URL is now configured becomes that main feed, its items kept.
    private func adopt(_ feed: FeedRecord, as subscription: FeedSubscription, now: Date,
                       db: PostgresSession, report: inout SyncReport) throws(StoreError) {
        try db.run("""
            UPDATE feeds SET kind = 'main', parent_item_id = NULL, configured_url = $1, name = $2, tags = $3,
                interval_seconds = $4, follow_comments = $5, comments_window_seconds = $6, notify_backlog = $7,
                keep_seconds = $8, max_items = $9, active = 1, retired_reason = NULL, next_poll_at = least(next_poll_at, $10)
            WHERE id = $11
            """, [subscription.url, subscription.name, try tagsText(subscription.tags), subscription.interval,
                  subscription.followComments, subscription.commentsWindow, subscription.notifyBacklog,
                  subscription.keep, subscription.maxItems, now, feed.id])
        report.added.append(subscription.name)
    }

    private func update(_ feed: FeedRecord, to subscription: FeedSubscription, now: Date,
                        db: PostgresSession, report: inout SyncReport) throws(StoreError) {
        if feed.kind == .comments {
            try adopt(feed, as: subscription, now: now, db: db, report: &report)
            return
        }
        let urlChanged = (feed.configuredURL ?? feed.url) != subscription.url
        if urlChanged, feed.url != subscription.url,
           try !freeURL(subscription.url, for: feed.id, now: now, db: db, subscription: subscription, report: &report) {
            var kept = subscription
            kept.url = feed.configuredURL ?? feed.url
            try update(feed, to: kept, now: now, db: db, report: &report)
            return
        }
        let settingsChanged = urlChanged || subscription.changesSettings(of: feed)
        if settingsChanged {
            let tags = try tagsText(subscription.tags)
            try db.run("""
                UPDATE feeds SET configured_url = $1, name = $2, tags = $3, interval_seconds = $4, follow_comments = $5,
                    comments_window_seconds = $6, notify_backlog = $7, keep_seconds = $8, max_items = $9
                WHERE id = $10
                """, [subscription.url, subscription.name, tags, subscription.interval, subscription.followComments,
                      subscription.commentsWindow, subscription.notifyBacklog, subscription.keep, subscription.maxItems,
                      feed.id])
            try db.run("""
                UPDATE feeds SET name = $1, tags = $2, keep_seconds = $3
                WHERE kind = 'comments' AND parent_item_id IN (SELECT id FROM items WHERE feed_id = $4)
                """, [subscription.name + " comments", tags, subscription.keep, feed.id])
            report.updated.append(subscription.name)
        }
        if urlChanged {
            try db.run("UPDATE feeds SET url = $1 WHERE id = $2", [subscription.url, feed.id])
            try Self.forgetServerState(of: feed.id, now: now, db: db)
        }
        if subscription.paused {
            if feed.isActive || feed.retiredReason == Store.removedFromConfig {
                try Self.setActive(false, feed: feed, reason: Store.pausedReason, db: db)
            }
            return
        }
        if !feed.isActive && (feed.retiredReason == Store.removedFromConfig || feed.retiredReason == Store.pausedReason
                              || urlChanged) {
            try Self.setActive(true, feed: feed, reason: nil, db: db)
            try db.run("""
                UPDATE feeds SET next_poll_at = least(next_poll_at, $1), gone_count = 0, gone_since = NULL,
                    gone_seen_poll = NULL
                WHERE id = $2
                """, [now, feed.id])
            report.reactivated.append(subscription.name)
        }
    }

    /// Switches a main feed and its comment feeds off (with `reason`) or back on.
    private static func setActive(_ active: Bool, feed: FeedRecord, reason: String?, db: PostgresSession) throws(StoreError) {
        try db.run("UPDATE feeds SET active = $1, retired_reason = $2 WHERE id = $3", [active, reason, feed.id])
        let children = "kind = 'comments' AND parent_item_id IN (SELECT id FROM items WHERE feed_id = $1)"
        if active {
            try db.run("UPDATE feeds SET active = 1, retired_reason = NULL WHERE \(children) AND retired_reason IN ($2, $3)",
                       [feed.id, Store.parentRemoved, Store.parentPaused])
        } else {
            try db.run("UPDATE feeds SET active = 0, retired_reason = $2 WHERE \(children) AND active = 1",
                       [feed.id, reason == Store.pausedReason ? Store.parentPaused : Store.parentRemoved])
        }
    }

    /// The stored row of each subscription (by index), nil for the ones to add: the SQLite
    /// store's rules, with this store's comment-feed lookup.
    private static func matchRows(_ subscriptions: [FeedSubscription], stored: [FeedRecord],
                                  db: PostgresSession) throws(StoreError) -> [Int: FeedRecord] {
        try ConfiguredFeedMatching.matchRows(subscriptions, stored: stored) { (url: String) throws(StoreError) in
            try PostgresRecords.selectFeeds(db, "WHERE \(PostgresRecords.equals("url", "$1")) AND kind = 'comments'", [url]).first
        }
    }

    /// Makes `url` free for row `feedID` (nil: a row about to be added); false, with a conflict
    /// reported, when another configured feed holds it.
    private func freeURL(_ url: String, for feedID: Int64?, now: Date, db: PostgresSession,
                         subscription: FeedSubscription, report: inout SyncReport) throws(StoreError) -> Bool {
        guard let holder = try PostgresRecords.selectFeeds(db, "WHERE \(PostgresRecords.equals("url", "$1")) AND id IS DISTINCT FROM $2::bigint",
                                                           [url, feedID]).first else { return true }
        if holder.kind == .main, let own = holder.configuredURL, own != url,
           try db.queryFirst("SELECT 1 FROM feeds WHERE \(PostgresRecords.equals("url", "$1"))", [own], { _ in true }) == nil {
            try db.run("UPDATE feeds SET url = $1 WHERE id = $2", [own, holder.id])
            try Self.forgetServerState(of: holder.id, now: now, db: db)
            return true
        }
        report.conflicts.append("""
            store: feed \(subscription.name) (\(url)): not given its URL, which feed \(holder.name) (id \(holder.id)) \
            already polls
            """)
        return false
    }

    private static func forgetServerState(of feedID: Int64, now: Date, db: PostgresSession) throws(StoreError) {
        try db.run("""
            UPDATE feeds SET etag = NULL, last_modified = NULL, body_hash = NULL, redirect_candidate_url = NULL,
                redirect_seen_count = 0, redirect_seen_poll = NULL, next_poll_at = least(next_poll_at, $1)
            WHERE id = $2
            """, [now, feedID])
    }
}
