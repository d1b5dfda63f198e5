import FeedModel
import Foundation

/// What one `ingest` call changed.
public struct IngestResult: Sendable, Hashable {
    /// Items stored for the first time (articles, or comments for a comment feed).
    public var newItems: [StoredItem] = []
    /// Stored items whose content changed.
    public var updatedItems: [StoredItem] = []
    /// Entries that matched a stored item without a content change (including silent re-keys).
    public var unchanged = 0
    /// Comment feeds this ingest created (not the ones that already existed).
    public var registeredCommentFeeds: [FeedRecord] = []
    /// Outbox rows written.
    public var outboxRows = 0
    /// True when this was the feed's first fetch and its items were stored as backlog, without events.
    public var wasBacklog = false
}

extension Store {
    /// Stores the entries of one fetch of a feed in ONE transaction: new items, updates, their
    /// outbox rows for the matching `routes`, and the comment feeds their articles point to.
    ///
    /// Either all of it is written or none: a crash never leaves an item without its outbox
    /// rows, nor an outbox row without its item. Entries absent from this fetch are left alone.
    public func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date) throws(StoreError) -> IngestResult {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> IngestResult in
            try db.transaction { () throws(StoreError) -> IngestResult in
                guard let feed = try Self.selectFeeds(db, "WHERE id = ?", [feedID]).first else {
                    throw StoreError.feedNotFound(path: db.path, feedID: feedID)
                }
                var batch = IngestBatch(db: db, feed: feed, routes: routes, now: now,
                                        isBacklog: try Self.isBacklog(feed, db))
                try batch.ingest(entries)
                try db.run("UPDATE feeds SET first_success_done = 1 WHERE id = ? AND first_success_done = 0", [feedID])
                return batch.result
            }
        }
    }

    /// The backlog rule: a main feed's first successful fetch is backlog unless it says
    /// `notify_backlog`; a comment feed's first fetch is backlog exactly when its article was
    /// (comments on a new article fire, comments on an old article at first sight do not).
    static func isBacklog(_ feed: FeedRecord, _ db: SQLiteConnection) throws(StoreError) -> Bool {
        if feed.fetchState.firstSuccessDone { return false }
        switch feed.kind {
        case .main:
            return !feed.notifyBacklog
        case .comments:
            guard let parentID = feed.parentItemID else { return true }
            return try db.queryFirst("SELECT was_backlog FROM items WHERE id = ?", [parentID]) { $0.bool(0) } ?? true
        }
    }
}

/// The work of one `ingest` call inside its transaction.
struct IngestBatch {
    /// A stored item an entry was matched to.
    private struct Match {
        var id: Int64
        var key: String
        var contentHash: String
        var version: Int
        var firstSeen: Date
        var lastSeen: Date
        var wasBacklog: Bool

        static let columns = "id, identity_key, content_hash, version, first_seen, last_seen, was_backlog"

        init(row: Row) {
            id = row.int64(0)
            key = row.text(1)
            contentHash = row.text(2)
            version = row.int(3)
            firstSeen = row.date(4)
            lastSeen = row.date(5)
            wasBacklog = row.bool(6)
        }
    }

    let db: SQLiteConnection
    let feed: FeedRecord
    let routes: [HookRoute]
    let now: Date
    let isBacklog: Bool
    private(set) var result = IngestResult()
    private var keysDone: Set<String> = []
    private var claimedItemIDs: Set<Int64> = []

    init(db: SQLiteConnection, feed: FeedRecord, routes: [HookRoute], now: Date, isBacklog: Bool) {
        self.db = db
        self.feed = feed
        self.routes = routes
        self.now = now
        self.isBacklog = isBacklog
        result.wasBacklog = isBacklog
    }

    /// The event a new item of this feed fires.
    private var newItemEvent: HookEvent { feed.kind == .main ? .new : .comment }

    mutating func ingest(_ entries: [Entry]) throws(StoreError) {
        let keyed = entries.map { (key: ItemIdentity.key(for: $0), entry: $0) }
        let keysInFetch = Set(keyed.map(\.key))
        for (key, entry) in keyed {
            // The same key twice in one document: the first occurrence is the item.
            guard keysDone.insert(key).inserted else { continue }
            let hash = ItemIdentity.contentHash(of: entry)
            let stored: (id: Int64, firstSeen: Date)
            var match = try storedItem(key: key)
            if match == nil { match = try rewrittenItem(entry, keysInFetch: keysInFetch) }
            if let match {
                claimedItemIDs.insert(match.id)
                try refresh(match, key: key, entry: entry, hash: hash)
                stored = (match.id, match.firstSeen)
            } else {
                stored = (try insert(key: key, entry: entry, hash: hash), now)
            }
            if feed.kind == .main {
                try registerCommentFeed(of: entry, itemID: stored.id, firstSeen: stored.firstSeen)
            }
        }
    }

    // MARK: Matching

    private func storedItem(key: String) throws(StoreError) -> Match? {
        try db.queryFirst("SELECT \(Match.columns) FROM items WHERE feed_id = ? AND identity_key = ?",
                          [feed.id, key], Match.init)
    }

    /// Guid-rewrite protection: an entry with an unknown key is an item the feed already has when
    /// exactly one stored item has the same normalised URL (and the same title or date), or the
    /// same title and publication date, and that item's own key is not in this fetch (then it is
    /// still there, and this one is new). The title-or-date condition on the URL match keeps
    /// apart the episodes of a podcast that links each one to the show's home page.
    private func rewrittenItem(_ entry: Entry, keysInFetch: Set<String>) throws(StoreError) -> Match? {
        func eligible(_ candidates: [Match]) -> Match? {
            guard candidates.count == 1, let match = candidates.first,
                  !keysInFetch.contains(match.key), !claimedItemIDs.contains(match.id) else { return nil }
            return match
        }
        if let url = ItemIdentity.normalizedURL(entry.url) {
            let candidates = try db.query("""
                SELECT \(Match.columns) FROM items WHERE feed_id = ? AND normalized_url = ?
                    AND (title IS ? OR published IS ?) LIMIT 2
                """, [feed.id, url, entry.title, entry.published], Match.init)
            if let match = eligible(candidates) { return match }
        }
        if let title = entry.title, let published = entry.published {
            let candidates = try db.query("""
                SELECT \(Match.columns) FROM items WHERE feed_id = ? AND title = ? AND published = ? LIMIT 2
                """, [feed.id, title, published], Match.init)
            if let match = eligible(candidates) { return match }
        }
        return nil
    }

    // MARK: Writing

    private mutating func insert(key: String, entry: Entry, hash: String) throws(StoreError) -> Int64 {
        let fields = try ItemFields(entry, path: db.path)
        try db.run("""
            INSERT INTO items (feed_id, identity_key, guid, url, normalized_url, title, authors, summary, content_html,
                content_text, published, updated, first_seen, last_seen, sort_date, content_hash, version,
                comments_url, comments_feed_url, comment_count, entry_json, was_backlog)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
            """, [feed.id, key, entry.guid, entry.url, ItemIdentity.normalizedURL(entry.url), entry.title, fields.authors,
                  entry.summary, entry.contentHTML, entry.contentText, entry.published, entry.modified, now, now,
                  entry.published ?? now, hash, entry.commentsURL, entry.commentsFeedURL, entry.commentCount,
                  fields.entryJSON, isBacklog])
        let id = db.lastInsertRowID
        try SearchIndex.add(db, itemID: id, title: entry.title, body: fields.searchText)
        let item = StoredItem(id: id, feedID: feed.id, identityKey: key, entry: entry, firstSeen: now, lastSeen: now,
                              contentHash: hash, version: 1, wasBacklog: isBacklog)
        result.newItems.append(item)
        if !isBacklog { try enqueue(item, event: newItemEvent) }
        return id
    }

    /// A matched item: re-keyed silently if its key changed (the stored entry then takes the new
    /// form, without an event), updated with `updated` events if its content changed.
    private mutating func refresh(_ match: Match, key: String, entry: Entry, hash: String) throws(StoreError) {
        let contentChanged = hash != match.contentHash
        guard contentChanged || match.key != key else {
            result.unchanged += 1
            if now.timeIntervalSince(match.lastSeen) >= sightingRefresh {
                try db.run("UPDATE items SET last_seen = ? WHERE id = ?", [now, match.id])
            }
            return
        }
        let version = match.version + (contentChanged ? 1 : 0)
        let fields = try ItemFields(entry, path: db.path)
        if contentChanged { try SearchIndex.remove(db, itemID: match.id) }
        try db.run("""
            UPDATE items SET identity_key = ?, guid = ?, url = ?, normalized_url = ?, title = ?, authors = ?, summary = ?,
                content_html = ?, content_text = ?, published = ?, updated = ?, last_seen = ?, sort_date = ?,
                content_hash = ?, version = ?, comments_url = ?, comments_feed_url = ?, comment_count = ?, entry_json = ?
            WHERE id = ?
            """, [key, entry.guid, entry.url, ItemIdentity.normalizedURL(entry.url), entry.title, fields.authors,
                  entry.summary, entry.contentHTML, entry.contentText, entry.published, entry.modified, now,
                  entry.published ?? match.firstSeen, hash, version, entry.commentsURL, entry.commentsFeedURL,
                  entry.commentCount, fields.entryJSON, match.id])
        guard contentChanged else {
            result.unchanged += 1
            return
        }
        try SearchIndex.add(db, itemID: match.id, title: entry.title, body: fields.searchText)
        let item = StoredItem(id: match.id, feedID: feed.id, identityKey: key, entry: entry, firstSeen: match.firstSeen,
                              lastSeen: now, contentHash: hash, version: version, wasBacklog: match.wasBacklog)
        result.updatedItems.append(item)
        if !isBacklog { try enqueue(item, event: .updated) }
    }

    /// How stale `last_seen` may get before an unchanged sighting rewrites it; short for short retention.
    private var sightingRefresh: TimeInterval {
        min(ItemIdentity.sightingRefresh, (feed.keep ?? .infinity) / 4)
    }

    /// One outbox row per route that wants `event`.
    private mutating func enqueue(_ item: StoredItem, event: HookEvent) throws(StoreError) {
        for route in routes where route.events.contains(event) {
            let deliveryID = Store.deliveryID(itemID: item.id, firstSeen: item.firstSeen, hook: route.hook,
                                              event: event, version: item.version)
            try db.run("""
                INSERT OR IGNORE INTO outbox (item_id, hook, event, delivery_id, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [item.id, route.hook, event.rawValue, deliveryID, now, now])
            result.outboxRows += db.changes
        }
    }

    // MARK: Comment feeds

    /// Registers the comment feed an article names, while the article is inside the comments window.
    private mutating func registerCommentFeed(of entry: Entry, itemID: Int64, firstSeen: Date) throws(StoreError) {
        guard feed.followComments,
              let url = ItemIdentity.trimmed(entry.commentsFeedURL),
              now.timeIntervalSince(entry.published ?? firstSeen) <= feed.commentsWindow else { return }
        if let existing = try db.queryFirst("SELECT id, kind, parent_item_id FROM feeds WHERE url = ?", [url], {
            (id: $0.int64(0), kind: $0.text(1), parent: $0.optionalInt64(2))
        }) {
            if existing.kind == FeedRecord.Kind.comments.rawValue, existing.parent == nil {
                try db.run("UPDATE feeds SET parent_item_id = ? WHERE id = ?", [itemID, existing.id])
            }
            return
        }
        try db.run("""
            INSERT INTO feeds (url, name, kind, parent_item_id, tags, interval_seconds, follow_comments,
                comments_window_seconds, notify_backlog, keep_seconds, next_poll_at, created_at)
            VALUES (?, ?, 'comments', ?, ?, ?, 0, ?, ?, ?, ?, ?)
            """, [url, feed.name + " comments", itemID, try JSONColumn.encode(feed.tags, path: db.path, what: "tags"),
                  feed.interval, feed.commentsWindow, feed.notifyBacklog, feed.keep, now, now])
        if let registered = try Store.selectFeeds(db, "WHERE id = ?", [db.lastInsertRowID]).first {
            result.registeredCommentFeeds.append(registered)
        }
    }
}

/// The derived columns of an item: JSON texts and the text the search index gets.
private struct ItemFields {
    var authors: String
    var entryJSON: String
    var searchText: String

    init(_ entry: Entry, path: String) throws(StoreError) {
        authors = EntryJSON.encode(entry.authors)
        // The large texts have their own columns; StoredItem puts them back. JSONEncoder only
        // for an entry with a non-finite number, to report it as it always did.
        if let text = EntryJSON.encode(entry) {
            entryJSON = text
        } else {
            entryJSON = try Self.encodeWithFoundation(entry, path: path)
        }
        searchText = SearchText.body(of: entry)
    }

    private static func encodeWithFoundation(_ entry: Entry, path: String) throws(StoreError) -> String {
        var rest = entry
        rest.contentHTML = nil
        rest.contentText = nil
        rest.summary = nil
        return try JSONColumn.encode(rest, path: path, what: "entry")
    }
}
