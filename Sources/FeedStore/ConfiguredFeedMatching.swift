import Foundation

/// How config sync finds the stored row of each subscription: the same rules in every store,
/// which only differ in how they look up a comment feed by URL.
package enum ConfiguredFeedMatching {
    /// How a subscription finds its stored row, in the order the rules are tried.
    enum MatchRule: CaseIterable {
        case configuredURL, polledURL, name
    }

    /// The stored row of each subscription (by index), nil for the ones to add; `commentFeed`
    /// finds the comment feed polling a URL, which a configured URL turns into a main feed.
    package static func matchRows(_ subscriptions: [FeedSubscription], stored: [FeedRecord],
                                  commentFeed: (String) throws(StoreError) -> FeedRecord?) throws(StoreError) -> [Int: FeedRecord] {
        // Stored feeds by configured URL, URL and name, each list in id order: looking up
        // every subscription by scanning every stored feed was quadratic in the feed count.
        let byConfiguredURL = Dictionary(grouping: stored.filter { $0.configuredURL != nil }) { $0.configuredURL ?? "" }
        let byURL = Dictionary(grouping: stored, by: \.url)
        let byName = Dictionary(grouping: stored, by: \.name)
        var rows: [Int: FeedRecord] = [:]
        var matched: Set<Int64> = []
        func firstUnmatched(_ candidates: [FeedRecord]?) -> FeedRecord? {
            candidates?.first { !matched.contains($0.id) }
        }
        for rule in MatchRule.allCases {
            for (index, subscription) in subscriptions.enumerated() where rows[index] == nil {
                var row: FeedRecord?
                switch rule {
                case .configuredURL: row = firstUnmatched(byConfiguredURL[subscription.url])
                case .polledURL:
                    row = firstUnmatched(byURL[subscription.url])
                    if row == nil { row = try commentFeed(subscription.url) }
                case .name: row = firstUnmatched(byName[subscription.name])
                }
                guard let row, !matched.contains(row.id) else { continue }
                rows[index] = row
                matched.insert(row.id)
            }
        }
        return rows
    }
}

/// How the SQLite store matches subscriptions to rows, and frees a URL another row holds.
extension Store {
    /// The stored row of each subscription (by index), nil for the ones to add.
    static func matchRows(_ subscriptions: [FeedSubscription], stored: [FeedRecord],
                          db: SQLiteConnection) throws(StoreError) -> [Int: FeedRecord] {
        try ConfiguredFeedMatching.matchRows(subscriptions, stored: stored) { (url: String) throws(StoreError) in
            try commentFeed(url: url, db: db)
        }
    }

    /// The comment feed polling `url`, if one does.
    static func commentFeed(url: String, db: SQLiteConnection) throws(StoreError) -> FeedRecord? {
        try selectFeeds(db, "WHERE url = ? AND kind = 'comments'", [url]).first
    }

    /// Makes `url` free for the row `feedID` (nil: a row about to be added); false when it cannot.
    ///
    /// A main feed that holds the URL only because it followed a permanent redirect there gives
    /// it up and goes back to its own configured URL (a configured URL wins over an adopted one).
    /// Anything else (the same URL configured twice) is a conflict, reported, not an error.
    static func freeURL(_ url: String, for feedID: Int64?, now: Date, db: SQLiteConnection,
                                subscription: FeedSubscription, report: inout SyncReport) throws(StoreError) -> Bool {
        guard let holder = try selectFeeds(db, "WHERE url = ? AND id IS NOT ?", [url, feedID]).first else { return true }
        if holder.kind == .main, let own = holder.configuredURL, own != url,
           try db.queryFirst("SELECT 1 FROM feeds WHERE url = ?", [own], { _ in true }) == nil {
            try db.run("UPDATE feeds SET url = ? WHERE id = ?", [own, holder.id])
            try forgetServerState(of: holder.id, now: now, db: db)
            return true
        }
        report.conflicts.append("""
            store: feed \(subscription.name) (\(url)): not given its URL, which feed \(holder.name) (id \(holder.id)) \
            already polls
            """)
        return false
    }

    /// Drops what a feed learnt from its server: a new URL is a new conversation.
    static func forgetServerState(of feedID: Int64, now: Date, db: SQLiteConnection) throws(StoreError) {
        try db.run("""
            UPDATE feeds SET etag = NULL, last_modified = NULL, body_hash = NULL, redirect_candidate_url = NULL,
                redirect_seen_count = 0, redirect_seen_poll = NULL, next_poll_at = min(next_poll_at, ?)
            WHERE id = ?
            """, [now, feedID])
    }
}
