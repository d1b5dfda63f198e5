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
                try Self.ingest(db, feedID: feedID, entries: entries, routes: routes, now: now)
            }
        }
    }

    /// The body of `ingest`, inside a transaction the caller holds.
    static func ingest(_ db: SQLiteConnection, feedID: Int64, entries: [Entry], routes: [HookRoute],
                       now: Date) throws(StoreError) -> IngestResult {
        guard let feed = try selectFeeds(db, "WHERE id = ?", [feedID]).first else {
            throw StoreError.feedNotFound(path: db.path, feedID: feedID)
        }
        var batch = IngestBatch(db: db, feed: feed, routes: routes, now: now, isBacklog: try isBacklog(feed, db))
        try batch.ingest(entries)
        try db.run("UPDATE feeds SET first_success_done = 1 WHERE id = ? AND first_success_done = 0", [feedID])
        return batch.result
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
    /// An entry of the fetch with what every step needs of it, worked out once.
    private struct FetchedEntry {
        var key: String
        var entry: Entry
        var normalizedURL: String?
        /// `entry.published` as the column stores it (REAL seconds since 1970; NaN is stored as NULL).
        var published: Double?

        init(key: String, entry: Entry) {
            self.key = key
            self.entry = entry
            normalizedURL = ItemIdentity.normalizedURL(entry.url)
            published = entry.published.map(\.timeIntervalSince1970).flatMap { $0.isNaN ? nil : $0 }
        }
    }

    private typealias Match = KnownItems.Item

    let db: SQLiteConnection
    let feed: FeedRecord
    let routes: [HookRoute]
    let now: Date
    let isBacklog: Bool
    private(set) var result = IngestResult()
    private var known = KnownItems()
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
        // The same key twice in one document: the first occurrence is the item.
        var keysDone: Set<String> = []
        let fetched = entries.compactMap { entry -> FetchedEntry? in
            let key = ItemIdentity.key(for: entry)
            return keysDone.insert(key).inserted ? FetchedEntry(key: key, entry: entry) : nil
        }
        try loadKnownItems(fetched)
        for fetched in fetched {
            let hash = ItemIdentity.contentHash(of: fetched.entry, normalizedURL: fetched.normalizedURL)
            let stored: (id: Int64, firstSeen: Date)
            if let match = known.item(key: fetched.key) ?? rewrittenItem(fetched, keysInFetch: keysDone) {
                claimedItemIDs.insert(match.id)
                try refresh(match, fetched, hash: hash)
                stored = (match.id, match.firstSeen)
            } else {
                stored = (try insert(fetched, hash: hash), now)
            }
            if feed.kind == .main {
                try registerCommentFeed(of: fetched.entry, itemID: stored.id, firstSeen: stored.firstSeen)
            }
        }
    }

    // MARK: Matching

    /// Reads the stored items this batch can match: by key, then the rewrite candidates of the
    /// entries whose key is not stored (see `KnownItems` for why that is all it needs).
    private mutating func loadKnownItems(_ fetched: [FetchedEntry]) throws(StoreError) {
        try known.load(db, feedID: feed.id, keys: fetched.map(\.key))
        let unmatched = fetched.filter { known.item(key: $0.key) == nil }
        guard !unmatched.isEmpty else { return }
        var urls: Set<ExactText> = []
        var titlesAndDates: [(title: String, published: Double)] = []
        for entry in unmatched {
            if let url = entry.normalizedURL { urls.insert(ExactText(url)) }
            if let title = entry.entry.title, let published = entry.published { titlesAndDates.append((title, published)) }
        }
        try known.loadCandidates(db, feedID: feed.id, urls: urls.map(\.text), titlesAndDates: titlesAndDates)
    }

    /// Guid-rewrite protection: an entry with an unknown key is an item the feed already has when
    /// exactly one stored item has the same normalised URL (and the same title or date), or the
    /// same title and publication date, and that item's own key is not in this fetch (then it is
    /// still there, and this one is new). The title-or-date condition on the URL match keeps
    /// apart the episodes of a podcast that links each one to the show's home page.
    private func rewrittenItem(_ fetched: FetchedEntry, keysInFetch: Set<String>) -> Match? {
        func eligible(_ candidates: [Match]) -> Match? {
            guard candidates.count == 1, let match = candidates.first,
                  !keysInFetch.contains(match.key), !claimedItemIDs.contains(match.id) else { return nil }
            return match
        }
        if let url = fetched.normalizedURL,
           let match = eligible(known.items(normalizedURL: url, title: fetched.entry.title, published: fetched.published)) {
            return match
        }
        if let title = fetched.entry.title, let published = fetched.published,
           let match = eligible(known.items(title: title, published: published)) {
            return match
        }
        return nil
    }

    // MARK: Writing

    private mutating func insert(_ fetched: FetchedEntry, hash: String) throws(StoreError) -> Int64 {
        let (key, entry) = (fetched.key, fetched.entry)
        let fields = try ItemFields(entry, path: db.path)
        try db.run("""
            INSERT INTO items (feed_id, identity_key, guid, url, normalized_url, title, authors, summary, content_html,
                content_text, published, updated, first_seen, last_seen, sort_date, content_hash, version,
                comments_url, comments_feed_url, comment_count, entry_json, was_backlog)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
            """, [feed.id, key, entry.guid, entry.url, fetched.normalizedURL, entry.title, fields.authors,
                  entry.summary, entry.contentHTML, entry.contentText, entry.published, entry.modified, now, now,
                  entry.published ?? now, hash, entry.commentsURL, entry.commentsFeedURL, entry.commentCount,
                  fields.entryJSON, isBacklog])
        let id = db.lastInsertRowID
        known.record(Match(id: id, key: key, contentHash: hash, version: 1, firstSeen: now, lastSeen: now, wasBacklog: isBacklog,
                           normalizedURL: fetched.normalizedURL, title: entry.title, published: fetched.published))
        try SearchIndex.add(db, itemID: id, title: entry.title, body: fields.searchText)
        let item = StoredItem(id: id, feedID: feed.id, identityKey: key, entry: entry, firstSeen: now, lastSeen: now,
                              contentHash: hash, version: 1, wasBacklog: isBacklog)
        result.newItems.append(item)
        if !isBacklog { try enqueue(item, event: newItemEvent) }
        return id
    }

    /// A matched item: re-keyed silently if its key changed (the stored entry then takes the new
    /// form, without an event), updated with `updated` events if its content changed.
    private mutating func refresh(_ match: Match, _ fetched: FetchedEntry, hash: String) throws(StoreError) {
        let (key, entry) = (fetched.key, fetched.entry)
        let contentChanged = hash != match.contentHash
        guard contentChanged || match.key != key else {
            result.unchanged += 1
            if now.timeIntervalSince(match.lastSeen) >= sightingRefresh {
                try db.run("UPDATE items SET last_seen = ? WHERE id = ?", [now, match.id])
                var seen = match
                seen.lastSeen = now
                known.record(seen)
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
            """, [key, entry.guid, entry.url, fetched.normalizedURL, entry.title, fields.authors,
                  entry.summary, entry.contentHTML, entry.contentText, entry.published, entry.modified, now,
                  entry.published ?? match.firstSeen, hash, version, entry.commentsURL, entry.commentsFeedURL,
                  entry.commentCount, fields.entryJSON, match.id])
        known.record(Match(id: match.id, key: key, contentHash: hash, version: version, firstSeen: match.firstSeen,
                           lastSeen: now, wasBacklog: match.wasBacklog, normalizedURL: fetched.normalizedURL,
                           title: entry.title, published: fetched.published))
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
