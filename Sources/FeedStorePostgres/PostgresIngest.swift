import FeedModel
import FeedStore
import Foundation

extension PostgresStore {
    /// Stores one fetch's entries in ONE transaction, by the SQLite store's rules (`Store.ingest`):
    /// the frozen identity key, the guid-rewrite match, tombstones, outbox rows as `policy` decides.
    public func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date,
                       policy: any IngestPolicy) throws(StoreError) -> IngestResult {
        try inTransaction { (db: PostgresSession) throws(StoreError) -> IngestResult in
            try Self.ingest(db, feedID: feedID, entries: entries, routes: routes, now: now, policy: policy)
        }
    }

    /// `ingest`, then the poll's success, in the same transaction.
    public func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date,
                       recordingSuccess success: SuccessRecord, policy: any IngestPolicy) throws(StoreError) -> IngestResult {
        try inTransaction { (db: PostgresSession) throws(StoreError) -> IngestResult in
            let result = try Self.ingestItems(db, feedID: feedID, entries: entries, routes: routes, now: now, policy: policy)
            // One UPDATE (one round trip) for the ingest, the poll, its schedule and the warning.
            let values = Self.successValues(feedID: feedID, success) + [now, success.warning]
            guard let note = success.schedule else {
                try db.run(Self.ingestSuccessSQL, values)
                return result
            }
            try db.run(Self.ingestSuccessWithScheduleSQL, values + Self.scheduleValues(note))
            return result
        }
    }

    /// The UPDATE of an ingest with its poll's success ($1 to $9) and the parse's warning.
    static let ingestSuccessColumns = "\(successColumns), first_success_done = 1, last_listed_at = $10, last_warning = $11"
    static let ingestSuccessSQL = "UPDATE feeds SET \(ingestSuccessColumns) WHERE id = $9"

    /// The same with the poll's schedule note as $12 to $16.
    static let ingestSuccessWithScheduleSQL = "UPDATE feeds SET \(ingestSuccessColumns), \(scheduleColumns(from: 12)) WHERE id = $9"

    static func ingest(_ db: PostgresSession, feedID: Int64, entries: [Entry], routes: [HookRoute],
                       now: Date, policy: any IngestPolicy) throws(StoreError) -> IngestResult {
        let result = try ingestItems(db, feedID: feedID, entries: entries, routes: routes, now: now, policy: policy)
        try db.run("UPDATE feeds SET first_success_done = 1, last_listed_at = $1 WHERE id = $2", [now, feedID])
        return result
    }

    /// The items of an ingest, without the UPDATE of its feed row, which the caller writes.
    static func ingestItems(_ db: PostgresSession, feedID: Int64, entries: [Entry], routes: [HookRoute],
                            now: Date, policy: any IngestPolicy) throws(StoreError) -> IngestResult {
        guard let feed = try PostgresRecords.selectFeeds(db, "WHERE id = $1", [feedID]).first else {
            throw StoreError.feedNotFound(path: db.server, feedID: feedID)
        }
        var articleWasBacklog: Bool?
        if let parentID = feed.parentItemID {
            articleWasBacklog = try db.queryFirst("SELECT was_backlog FROM items WHERE id = $1", [parentID]) { $0.bool(0) }
        }
        let isBacklog = policy.isBacklog(feed: feed, articleWasBacklog: articleWasBacklog)
        var batch = PostgresIngestBatch(db: db, feed: feed, routes: routes, now: now, policy: policy, isBacklog: isBacklog)
        try batch.ingest(entries)
        return batch.result
    }
}

/// The work of one `ingest` call inside its transaction: `IngestBatch` of the SQLite store, step
/// for step, on PostgreSQL.
struct PostgresIngestBatch {
    private struct FetchedEntry {
        var key: String
        var entry: Entry
        var normalizedURL: String?
        var published: Double?

        init(key: String, entry: Entry) {
            self.key = key
            self.entry = entry
            normalizedURL = ItemIdentity.normalizedURL(entry.url)
            published = entry.published.map(\.timeIntervalSince1970).flatMap { $0.isNaN ? nil : $0 }
        }
    }

    let db: PostgresSession
    let feed: FeedRecord
    let routes: [HookRoute]
    let now: Date
    let policy: any IngestPolicy
    let isBacklog: Bool
    private(set) var result: IngestResult
    private var known = PostgresKnownItems()
    private var tombstones = PostgresTombstones()
    private var claimedItemIDs: Set<Int64> = []

    init(db: PostgresSession, feed: FeedRecord, routes: [HookRoute], now: Date, policy: any IngestPolicy, isBacklog: Bool) {
        self.db = db
        self.feed = feed
        self.routes = routes
        self.now = now
        self.policy = policy
        self.isBacklog = isBacklog
        result = IngestResult.make(wasBacklog: isBacklog)
    }

    private var newItemEvent: HookEvent { feed.kind == .main ? .new : .comment }

    mutating func ingest(_ entries: [Entry]) throws(StoreError) {
        var keysDone: Set<String> = []
        var dropped: [(key: String, fields: [String])] = []
        let fetched = entries.compactMap { entry -> FetchedEntry? in
            let storable = StorableEntry(entry)
            // As the column will hold it (U+0000 becomes U+FFFD), so the next fetch finds it again.
            let key = ItemIdentity.key(for: storable.identitySource(parsed: entry)).postgresText ?? ""
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

    private mutating func loadKnownItems(_ fetched: [FetchedEntry]) throws(StoreError) {
        guard !fetched.isEmpty, try !hasNothingToMatch() else { return }
        try known.load(db, feedID: feed.id, PostgresRecords.inList("identity_key", "$2"), [PostgresArray(fetched.map(\.key))])
        let unmatched = fetched.filter { known.item(key: $0.key) == nil }
        guard !unmatched.isEmpty else { return }
        let urls = Array(Set(unmatched.compactMap(\.normalizedURL)))
        let titled = unmatched.compactMap { entry in entry.entry.title.flatMap { title in entry.published.map { (title, $0) } } }
        if !urls.isEmpty {
            try known.load(db, feedID: feed.id, PostgresRecords.inList("normalized_url", "$2"), [PostgresArray(urls)])
        }
        if !titled.isEmpty {
            try known.load(db, feedID: feed.id, PostgresRecords.inList("title", "$2") + " AND published = ANY($3::float8[])",
                           [PostgresArray(titled.map(\.0)), PostgresArray(titled.map(\.1))])
        }
        try tombstones.load(db, feedID: feed.id, keys: unmatched.map(\.key), urls: urls, titles: titled.map(\.0))
    }

    /// A feed's first ingest has no stored item and no tombstone to match: one round trip
    /// instead of up to four, as the SQLite store's `Store.hasNothingToMatch`.
    private func hasNothingToMatch() throws(StoreError) -> Bool {
        guard !feed.fetchState.firstSuccessDone else { return false }
        return try db.queryFirst("""
            SELECT (NOT EXISTS (SELECT 1 FROM items WHERE feed_id = $1)
                AND NOT EXISTS (SELECT 1 FROM item_tombstones WHERE feed_id = $1))::int
            """, [feed.id]) { $0.bool(0) } ?? false
    }

    /// Guid-rewrite protection, as the SQLite store's `IngestBatch.rewrittenItem`.
    private func rewrittenItem(_ fetched: FetchedEntry, keysInFetch: Set<String>) -> PostgresKnownItems.Item? {
        func eligible(_ candidates: [PostgresKnownItems.Item]) -> PostgresKnownItems.Item? {
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

    private mutating func insert(_ fetched: FetchedEntry, hash: String,
                                 buried: PostgresTombstones.Tombstone?) throws(StoreError) -> (id: Int64, firstSeen: Date) {
        let (key, entry) = (fetched.key, fetched.entry)
        let firstSeen = buried?.firstSeen ?? now
        let wasBacklog = isBacklog || buried != nil
        let isBlocked = policy.isBlocked(entry, feed: feed)
        let fields = try PostgresItemFields(entry, server: db.server)
        let id = try db.queryFirst("""
            INSERT INTO items (feed_id, identity_key, guid, url, normalized_url, title, authors, summary, content_html,
                content_text, published, updated, first_seen, last_seen, sort_date, content_hash, version,
                comments_url, comments_feed_url, comment_count, entry_json, was_backlog, blocked, search_vector)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $18, $19, $20, $21, $22,
                \(PostgresSearch.vectorSQL(title: "$6", body: "$23")))
            RETURNING id
            """, [feed.id, key, entry.guid, entry.url, fetched.normalizedURL, entry.title, fields.authors,
                  entry.summary, entry.contentHTML, entry.contentText, entry.published, entry.modified, firstSeen, now,
                  entry.published ?? entry.modified ?? firstSeen, hash, entry.commentsURL, entry.commentsFeedURL,
                  entry.commentCount, fields.entryJSON, wasBacklog, isBlocked, fields.searchText]) { $0.int64(0) } ?? 0
        known.record(.init(id: id, key: key, contentHash: hash, version: 1, firstSeen: firstSeen, lastSeen: now,
                           wasBacklog: wasBacklog, normalizedURL: fetched.normalizedURL, title: entry.title,
                           published: fetched.published))
        if buried != nil {
            try db.run("DELETE FROM item_tombstones WHERE feed_id = $1 AND \(PostgresRecords.equals("identity_key", "$2"))", [feed.id, key])
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

    private mutating func refresh(_ match: PostgresKnownItems.Item, _ fetched: FetchedEntry, hash: String) throws(StoreError) {
        let (key, entry) = (fetched.key, fetched.entry)
        let contentChanged = !ItemIdentity.hasContent(hash: hash, entry: entry, normalizedURL: fetched.normalizedURL,
                                                      of: match.contentHash)
        guard contentChanged || match.key != key else {
            result.unchanged += 1
            if now.timeIntervalSince(match.lastSeen) >= sightingRefresh {
                try db.run("UPDATE items SET last_seen = $1 WHERE id = $2", [now, match.id])
                var seen = match
                seen.lastSeen = now
                known.record(seen)
            }
            return
        }
        let version = match.version + (contentChanged ? 1 : 0)
        let fields = try PostgresItemFields(entry, server: db.server)
        try db.run("""
            UPDATE items SET identity_key = $1, guid = $2, url = $3, normalized_url = $4, title = $5, authors = $6,
                summary = $7, content_html = $8, content_text = $9, published = $10, updated = $11, last_seen = $12,
                sort_date = $13, content_hash = $14, version = $15, comments_url = $16, comments_feed_url = $17,
                comment_count = $18, entry_json = $19, search_vector = \(PostgresSearch.vectorSQL(title: "$5", body: "$20"))
            WHERE id = $21
            """, [key, entry.guid, entry.url, fetched.normalizedURL, entry.title, fields.authors,
                  entry.summary, entry.contentHTML, entry.contentText, entry.published, entry.modified, now,
                  entry.published ?? entry.modified ?? match.firstSeen, hash, version, entry.commentsURL,
                  entry.commentsFeedURL, entry.commentCount, fields.entryJSON, fields.searchText, match.id])
        known.record(.init(id: match.id, key: key, contentHash: hash, version: version, firstSeen: match.firstSeen,
                           lastSeen: now, wasBacklog: match.wasBacklog, normalizedURL: fetched.normalizedURL,
                           title: entry.title, published: fetched.published))
        guard contentChanged else {
            result.unchanged += 1
            return
        }
        let item = StoredItem(id: match.id, feedID: feed.id, identityKey: key, entry: entry, firstSeen: match.firstSeen,
                              lastSeen: now, contentHash: hash, version: version, wasBacklog: match.wasBacklog)
        result.updatedItems.append(item)
        if !policy.isBlocked(entry, feed: feed) { try enqueue(item, event: .updated) }
    }

    private var sightingRefresh: TimeInterval {
        min(ItemIdentity.sightingRefresh, (feed.keep ?? .infinity) / 4)
    }

    private func collectsDigest(_ hook: String) -> Bool {
        routes.first { $0.hook == hook }?.collectsDigest ?? false
    }

    /// One outbox row per hook the policy names; a delivery id already stored is left alone.
    private mutating func enqueue(_ item: StoredItem, event: HookEvent) throws(StoreError) {
        for hook in policy.outboxHooks(event: event, item: item, feed: feed, routes: routes, isBacklog: isBacklog) {
            let deliveryID = Store.deliveryID(itemID: item.id, firstSeen: item.firstSeen, hook: hook,
                                              event: event, version: item.version)
            result.outboxRows += try db.run("""
                INSERT INTO outbox (item_id, hook, event, delivery_id, next_attempt_at, created_at, digest)
                VALUES ($1, $2, $3, $4, $5, $5, $6)
                ON CONFLICT (delivery_id) DO NOTHING
                """, [item.id, hook, event.rawValue, deliveryID, now,
                      collectsDigest(hook) ? OutboxDigestRole.member.rawValue : nil])
        }
    }

    // MARK: Comment feeds

    /// Registers the comment feed an article names, in the SQLite store's order
    /// (`IngestResult.registerCommentFeed`). A URL another daemon registered at the same moment is
    /// taken as already there (`ON CONFLICT DO NOTHING`), not an error.
    private mutating func registerCommentFeed(of entry: Entry, itemID: Int64, firstSeen: Date,
                                              articleIsNew: Bool) throws(StoreError) {
        guard let url = ItemIdentity.trimmed(entry.commentsFeedURL),
              policy.followsComments(feed: feed, article: entry, firstSeen: firstSeen, now: now) else { return }
        let (db, feed, now) = (db, feed, now)
        try result.registerCommentFeed(articleIsNew: articleIsNew, cap: policy.maxCommentFeedsPerFetch, insert: {
            () throws(StoreError) -> FeedRecord? in
            try Self.insertCommentFeed(db, url: url, of: feed, itemID: itemID, now: now)
        }, linkExisting: { () throws(StoreError) -> Bool in
            guard let existing = try db.queryFirst(
                "SELECT id, kind, parent_item_id FROM feeds WHERE \(PostgresRecords.equals("url", "$1"))", [url], {
                    (id: $0.int64(0), kind: $0.text(1), parent: $0.optionalInt64(2))
                }) else { return false }
            if existing.kind == FeedRecord.Kind.comments.rawValue, existing.parent == nil {
                try db.run("UPDATE feeds SET parent_item_id = $1 WHERE id = $2", [itemID, existing.id])
            }
            return true
        })
    }

    /// The comment feed at `url` of an article of `feed`, inserted; nil when a feed with that URL is already stored.
    private static func insertCommentFeed(_ db: PostgresSession, url: String, of feed: FeedRecord, itemID: Int64,
                                          now: Date) throws(StoreError) -> FeedRecord? {
        try db.queryFirst("""
            INSERT INTO feeds (url, name, kind, parent_item_id, tags, interval_seconds, follow_comments,
                comments_window_seconds, notify_backlog, keep_seconds, next_poll_at, created_at)
            VALUES ($1, $2, 'comments', $3, $4, $5, 0, $6, $7, $8, $9, $9)
            ON CONFLICT ((md5(url))) DO NOTHING
            RETURNING \(PostgresRecords.feedColumns)
            """, [url, feed.name + " comments", itemID, try JSONColumn.encode(feed.tags, path: db.server, what: "tags"),
                  feed.interval, feed.commentsWindow, feed.notifyBacklog, feed.keep, now]) { (row: PostgresRow) throws(StoreError) in
            try PostgresRecords.feed(row, server: db.server)
        }
    }
}

/// The derived columns of an item: JSON texts and the text the search vector is made of.
struct PostgresItemFields {
    var authors: String
    var entryJSON: String
    var searchText: String

    init(_ entry: Entry, server: String) throws(StoreError) {
        authors = EntryJSON.encode(entry.authors)
        if let text = EntryJSON.encode(entry) {
            entryJSON = text
        } else {
            var rest = entry
            rest.contentHTML = nil
            rest.contentText = nil
            rest.summary = nil
            entryJSON = try JSONColumn.encode(rest, path: server, what: "entry")
        }
        searchText = PostgresSearch.indexedText(SearchText.body(of: entry))
    }
}
