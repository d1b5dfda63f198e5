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
    /// Entries whose item retention had deleted, stored again without events (see `ItemTombstones`).
    public var restored = 0
    /// New entries the feed's `block` / `allow` rules held back: stored, marked, no events.
    public var blocked = 0
    /// Comment feeds the entries named but this ingest did not register, past the policy's
    /// `maxCommentFeedsPerFetch`.
    public var commentFeedsNotRegistered = 0
    /// What the store had to leave out (a value it cannot hold, comment feeds past the cap), each
    /// message naming the feed, its URL and the item; for the log, the fetch failed over none of it.
    public var warnings: [String] = []

    /// Nothing changed yet.
    public init() {}
}

extension Store {
    /// Stores the entries of one fetch of a feed in ONE transaction: new items, updates, their
    /// outbox rows, and the comment feeds their articles point to, as `policy` decides them.
    ///
    /// Either all of it is written or none: a crash never leaves an item without its outbox
    /// rows, nor an outbox row without its item. Entries absent from this fetch are left alone.
    public func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date,
                       policy: any IngestPolicy) throws(StoreError) -> IngestResult {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> IngestResult in
            try db.transaction { () throws(StoreError) -> IngestResult in
                try Self.ingest(db, feedID: feedID, entries: entries, routes: routes, now: now, policy: policy)
            }
        }
    }

    /// The body of `ingest`, inside a transaction the caller holds.
    static func ingest(_ db: SQLiteConnection, feedID: Int64, entries: [Entry], routes: [HookRoute],
                       now: Date, policy: any IngestPolicy) throws(StoreError) -> IngestResult {
        var searchRows: [SearchIndex.Row] = []
        let result = try ingest(db, feedID: feedID, entries: entries, routes: routes, now: now, policy: policy,
                                deferringSearch: &searchRows)
        try SearchIndex.add(db, searchRows)
        return result
    }

    /// The body of `ingest`, with the new items' search-index rows appended to `searchRows` instead
    /// of written: the caller indexes them before its commit (see `Store.ingest(_:)` for why).
    static func ingest(_ db: SQLiteConnection, feedID: Int64, entries: [Entry], routes: [HookRoute],
                       now: Date, policy: any IngestPolicy,
                       deferringSearch searchRows: inout [SearchIndex.Row]) throws(StoreError) -> IngestResult {
        let result = try ingestItems(db, feedID: feedID, entries: entries, routes: routes, now: now, policy: policy,
                                     deferringSearch: &searchRows)
        try db.run(listedSQL, [now, feedID])
        return result
    }

    /// What every ingest records on its feed: it has had its first successful fetch (the next
    /// ones are not backlog) and when its items were last listed.
    static let listedColumns = "first_success_done = 1, last_listed_at = ?"

    /// The UPDATE of an ingest without a poll's success.
    static let listedSQL = "UPDATE feeds SET \(listedColumns) WHERE id = ?"

    /// The items of an ingest, without the UPDATE of its feed row, which the caller writes (alone,
    /// or with the poll's success in the same statement).
    static func ingestItems(_ db: SQLiteConnection, feedID: Int64, entries: [Entry], routes: [HookRoute],
                            now: Date, policy: any IngestPolicy,
                            deferringSearch searchRows: inout [SearchIndex.Row]) throws(StoreError) -> IngestResult {
        guard let feed = try selectFeeds(db, "WHERE id = ?", [feedID]).first else {
            throw StoreError.feedNotFound(path: db.path, feedID: feedID)
        }
        let isBacklog = policy.isBacklog(feed: feed, articleWasBacklog: try articleWasBacklog(of: feed, db))
        var batch = IngestBatch(db: db, feed: feed, routes: routes, now: now, policy: policy, isBacklog: isBacklog)
        try batch.ingest(entries)
        searchRows += batch.pendingSearch
        return batch.result
    }

    /// True for a feed's first ingest, which has no stored item and no tombstone to match: one
    /// query instead of the three or four that would each find nothing (a cold cycle's feeds are
    /// all first ingests). `first_success_done` is set by every ingest; the query confirms it.
    static func hasNothingToMatch(_ db: SQLiteConnection, _ feed: FeedRecord) throws(StoreError) -> Bool {
        guard !feed.fetchState.firstSuccessDone else { return false }
        return try db.queryFirst("""
            SELECT NOT EXISTS (SELECT 1 FROM items WHERE feed_id = ?1)
                AND NOT EXISTS (SELECT 1 FROM item_tombstones WHERE feed_id = ?1)
            """, [feed.id]) { $0.bool(0) } ?? false
    }

    /// For a comment feed, whether its article was stored as backlog; nil for a main feed and for
    /// a comment feed whose article is gone. What the backlog rule of `IngestPolicy` reads.
    private static func articleWasBacklog(of feed: FeedRecord, _ db: SQLiteConnection) throws(StoreError) -> Bool? {
        guard let parentID = feed.parentItemID else { return nil }
        return try db.queryFirst("SELECT was_backlog FROM items WHERE id = ?", [parentID]) { $0.bool(0) }
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
    let policy: any IngestPolicy
    let isBacklog: Bool
    private(set) var result = IngestResult()
    private var known = KnownItems()
    private var tombstones = ItemTombstones()
    private var claimedItemIDs: Set<Int64> = []
    /// Search-index rows of this batch not written yet; the caller writes them (`Store.ingest`).
    private(set) var pendingSearch: [SearchIndex.Row] = []

    init(db: SQLiteConnection, feed: FeedRecord, routes: [HookRoute], now: Date, policy: any IngestPolicy,
         isBacklog: Bool) {
        self.db = db
        self.feed = feed
        self.routes = routes
        self.now = now
        self.policy = policy
        self.isBacklog = isBacklog
        result.wasBacklog = isBacklog
    }

    /// The event a new item of this feed fires.
    private var newItemEvent: HookEvent { feed.kind == .main ? .new : .comment }

    mutating func ingest(_ entries: [Entry]) throws(StoreError) {
        // The same key twice in one document: the first occurrence is the item.
        var keysDone: Set<String> = []
        var dropped: [(key: String, fields: [String])] = []
        let fetched = entries.compactMap { entry -> FetchedEntry? in
            let storable = StorableEntry(entry)
            let key = ItemIdentity.key(for: storable.identitySource(parsed: entry))
            if !storable.dropped.isEmpty { dropped.append((key, storable.dropped)) }
            return keysDone.insert(key).inserted ? FetchedEntry(key: key, entry: storable.entry) : nil
        }
        for (key, fields) in dropped {
            result.warnings.append("""
                store: feed \(feed.name) (\(feed.url)): item \(key): left out \(fields.joined(separator: ", ")): \
                not a value the store can hold
                """)
        }
        try loadKnownItems(fetched)
        for fetched in fetched {
            let hash = ItemIdentity.contentHash(of: fetched.entry, normalizedURL: fetched.normalizedURL)
            let stored: (id: Int64, firstSeen: Date)
            var isNewArticle = false
            if let match = known.item(key: fetched.key) ?? rewrittenItem(fetched, keysInFetch: keysDone) {
                claimedItemIDs.insert(match.id)
                try refresh(match, fetched, hash: hash)
                stored = (match.id, match.firstSeen)
            } else {
                let buried = tombstones.match(key: fetched.key, normalizedURL: fetched.normalizedURL, title: fetched.entry.title,
                                              published: fetched.published, keysInFetch: keysDone)
                stored = try insert(fetched, hash: hash, buried: buried)
                isNewArticle = true
            }
            try registerCommentFeed(of: fetched.entry, itemID: stored.id, firstSeen: stored.firstSeen,
                                    articleIsNew: isNewArticle)
        }
        if result.commentFeedsNotRegistered > 0 {
            result.warnings.append("""
                store: feed \(feed.name) (\(feed.url)): \(result.commentFeedsNotRegistered) comment feeds not registered, \
                at most \(policy.maxCommentFeedsPerFetch) per fetch
                """)
        }
    }

    // MARK: Matching

    /// Reads the stored items this batch can match: by key, then the rewrite candidates of the
    /// entries whose key is not stored (see `KnownItems` for why that is all it needs).
    private mutating func loadKnownItems(_ fetched: [FetchedEntry]) throws(StoreError) {
        guard try !Store.hasNothingToMatch(db, feed) else { return }
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
        try tombstones.load(db, feedID: feed.id, keys: unmatched.map(\.key), urls: urls.map(\.text),
                            titles: titlesAndDates.map(\.title))
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

    /// Stores an entry no stored item matches. One whose identity retention deleted (`buried`)
    /// comes back silently: its first sighting restored, no event, counted as backlog so its
    /// comment feed's first comments fire nothing either.
    private mutating func insert(_ fetched: FetchedEntry, hash: String,
                                 buried: ItemTombstones.Tombstone?) throws(StoreError) -> (id: Int64, firstSeen: Date) {
        let (key, entry) = (fetched.key, fetched.entry)
        let firstSeen = buried?.firstSeen ?? now
        let wasBacklog = isBacklog || buried != nil
        let isBlocked = policy.isBlocked(entry, feed: feed)
        let fields = try ItemFields(entry, path: db.path)
        try db.run("""
            INSERT INTO items (feed_id, identity_key, guid, url, normalized_url, title, authors, summary, content_html,
                content_text, published, updated, first_seen, last_seen, sort_date, content_hash, version,
                comments_url, comments_feed_url, comment_count, entry_json, was_backlog, blocked)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
            """, [feed.id, key, entry.guid, entry.url, fetched.normalizedURL, entry.title, fields.authors,
                  entry.summary, entry.contentHTML, entry.contentText, entry.published, entry.modified, firstSeen, now,
                  entry.published ?? entry.modified ?? firstSeen, hash, entry.commentsURL, entry.commentsFeedURL, entry.commentCount,
                  fields.entryJSON, wasBacklog, isBlocked])
        let id = db.lastInsertRowID
        known.record(Match(id: id, key: key, contentHash: hash, version: 1, firstSeen: firstSeen, lastSeen: now,
                           wasBacklog: wasBacklog, normalizedURL: fetched.normalizedURL, title: entry.title,
                           published: fetched.published))
        pendingSearch.append(SearchIndex.Row(itemID: id, title: entry.title, body: fields.searchText))
        if buried != nil {
            try ItemTombstones.remove(db, feedID: feed.id, key: key)
            result.restored += 1
            return (id, firstSeen)
        }
        if isBlocked {
            result.blocked += 1
            return (id, now)
        }
        let item = StoredItem(id: id, feedID: feed.id, identityKey: key, entry: entry, firstSeen: now, lastSeen: now,
                              contentHash: hash, version: 1, wasBacklog: isBacklog)
        result.newItems.append(item)
        try enqueue(item, event: newItemEvent)
        return (id, now)
    }

    /// A matched item: re-keyed silently if its key changed (the stored entry then takes the new
    /// form, without an event), updated with `updated` events if its content changed.
    private mutating func refresh(_ match: Match, _ fetched: FetchedEntry, hash: String) throws(StoreError) {
        let (key, entry) = (fetched.key, fetched.entry)
        let contentChanged = !ItemIdentity.hasContent(hash: hash, entry: entry, normalizedURL: fetched.normalizedURL,
                                                      of: match.contentHash)
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
        if contentChanged {
            // FTS5 can only remove tokens it holds: this item's may still be among the pending rows.
            try SearchIndex.add(db, pendingSearch)
            pendingSearch.removeAll()
            try SearchIndex.remove(db, itemID: match.id)
        }
        try db.run("""
            UPDATE items SET identity_key = ?, guid = ?, url = ?, normalized_url = ?, title = ?, authors = ?, summary = ?,
                content_html = ?, content_text = ?, published = ?, updated = ?, last_seen = ?, sort_date = ?,
                content_hash = ?, version = ?, comments_url = ?, comments_feed_url = ?, comment_count = ?, entry_json = ?
            WHERE id = ?
            """, [key, entry.guid, entry.url, fetched.normalizedURL, entry.title, fields.authors,
                  entry.summary, entry.contentHTML, entry.contentText, entry.published, entry.modified, now,
                  entry.published ?? entry.modified ?? match.firstSeen, hash, version, entry.commentsURL, entry.commentsFeedURL,
                  entry.commentCount, fields.entryJSON, match.id])
        known.record(Match(id: match.id, key: key, contentHash: hash, version: version, firstSeen: match.firstSeen,
                           lastSeen: now, wasBacklog: match.wasBacklog, normalizedURL: fetched.normalizedURL,
                           title: entry.title, published: fetched.published))
        guard contentChanged else {
            result.unchanged += 1
            return
        }
        pendingSearch.append(SearchIndex.Row(itemID: match.id, title: entry.title, body: fields.searchText))
        let item = StoredItem(id: match.id, feedID: feed.id, identityKey: key, entry: entry, firstSeen: match.firstSeen,
                              lastSeen: now, contentHash: hash, version: version, wasBacklog: match.wasBacklog)
        result.updatedItems.append(item)
        if !policy.isBlocked(entry, feed: feed) { try enqueue(item, event: .updated) }
    }

    /// How stale `last_seen` may get before an unchanged sighting rewrites it; short for short retention.
    private var sightingRefresh: TimeInterval {
        min(ItemIdentity.sightingRefresh, (feed.keep ?? .infinity) / 4)
    }

    /// Whether `hook` collects its events into digests: its rows wait as members of the next one.
    private func collectsDigest(_ hook: String) -> Bool {
        routes.first { $0.hook == hook }?.collectsDigest ?? false
    }

    /// One outbox row per hook the policy names for `event` of `item`.
    ///
    /// One INSERT per row, not one for all of them: a multi-row INSERT opens a statement
    /// savepoint, and FTS5 flushes its pending tokens to disk at every savepoint, which made
    /// the outbox 3.5 times dearer (callgrind, ingest benchmark).
    private mutating func enqueue(_ item: StoredItem, event: HookEvent) throws(StoreError) {
        for hook in policy.outboxHooks(event: event, item: item, feed: feed, routes: routes, isBacklog: isBacklog) {
            let deliveryID = Store.deliveryID(itemID: item.id, firstSeen: item.firstSeen, hook: hook,
                                              event: event, version: item.version)
            try db.run("""
                INSERT OR IGNORE INTO outbox (item_id, hook, event, delivery_id, next_attempt_at, created_at, digest)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [item.id, hook, event.rawValue, deliveryID, now, now,
                      collectsDigest(hook) ? OutboxDigestRole.member.rawValue : nil])
            result.outboxRows += db.changes
        }
    }

    // MARK: Comment feeds

    /// Registers the comment feed an article names when the policy follows it, at most the
    /// policy's `maxCommentFeedsPerFetch` per fetch (`IngestResult.registerCommentFeed`).
    private mutating func registerCommentFeed(of entry: Entry, itemID: Int64, firstSeen: Date,
                                              articleIsNew: Bool) throws(StoreError) {
        guard let url = ItemIdentity.trimmed(entry.commentsFeedURL),
              policy.followsComments(feed: feed, article: entry, firstSeen: firstSeen, now: now) else { return }
        let (db, feed, now) = (db, feed, now)
        try result.registerCommentFeed(articleIsNew: articleIsNew, cap: policy.maxCommentFeedsPerFetch, insert: {
            () throws(StoreError) -> FeedRecord? in
            try Self.insertCommentFeed(db, url: url, of: feed, itemID: itemID, now: now)
        }, linkExisting: { () throws(StoreError) -> Bool in
            guard let existing = try db.queryFirst("SELECT id, kind, parent_item_id FROM feeds WHERE url = ?", [url], {
                (id: $0.int64(0), kind: $0.text(1), parent: $0.optionalInt64(2))
            }) else { return false }
            if existing.kind == FeedRecord.Kind.comments.rawValue, existing.parent == nil {
                try db.run("UPDATE feeds SET parent_item_id = ? WHERE id = ?", [itemID, existing.id])
            }
            return true
        })
    }

    /// The comment feed at `url` of an article of `feed`, inserted; nil when a feed with that URL is already stored.
    private static func insertCommentFeed(_ db: SQLiteConnection, url: String, of feed: FeedRecord, itemID: Int64,
                                          now: Date) throws(StoreError) -> FeedRecord? {
        try db.queryFirst("""
            INSERT INTO feeds (url, name, kind, parent_item_id, tags, interval_seconds, follow_comments,
                comments_window_seconds, notify_backlog, keep_seconds, next_poll_at, created_at)
            VALUES (?, ?, 'comments', ?, ?, ?, 0, ?, ?, ?, ?, ?)
            ON CONFLICT (url) DO NOTHING
            RETURNING \(FeedRecord.columns)
            """, [url, feed.name + " comments", itemID, try JSONColumn.encode(feed.tags, path: db.path, what: "tags"),
                  feed.interval, feed.commentsWindow, feed.notifyBacklog, feed.keep, now, now]) { (row: Row) throws(StoreError) in
            try FeedRecord(row: row, path: db.path)
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
