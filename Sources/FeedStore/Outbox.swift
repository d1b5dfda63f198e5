import FeedModel
import Foundation

/// What happened to an item, as far as hooks are concerned.
public enum HookEvent: String, Sendable, Hashable, Codable, CaseIterable {
    /// A new article of a main feed.
    case new
    /// A stored item whose content changed.
    case updated
    /// A new comment, i.e. a new item of a comment feed.
    case comment
}

/// A hook that applies to the feed being ingested, and the events it wants.
///
/// The caller filters hooks by the feed's name and tags; the store only matches events.
public struct HookRoute: Sendable, Hashable {
    public var hook: String
    public var events: Set<HookEvent>
    /// Which items it fires for (its `block` / `allow` rules); every item by default.
    public var admits: EntryPredicate
    /// A digest hook: its rows wait for the period's digest instead of being sent one by one.
    public var collectsDigest: Bool

    /// A hook name and the events it asks for.
    public init(hook: String, events: Set<HookEvent>, admits: EntryPredicate = .all, collectsDigest: Bool = false) {
        self.hook = hook
        self.events = events
        self.admits = admits
        self.collectsDigest = collectsDigest
    }
}

/// One delivery of one event of one item to one hook, with everything the hook needs.
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int64
    /// Stable across retries and restarts, so a receiver can drop a repeat.
    public var deliveryID: String
    public var hook: String
    public var event: HookEvent
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    /// The receiver's answer to the delivery that succeeded (`HTTP 200`), one line; nil before.
    public var lastResponse: String? = nil
    public var deliveredAt: Date?
    /// Set when the delivery was parked after its last attempt; `retryParked` clears it.
    public var failedAt: Date?
    public var createdAt: Date
    /// The process running the delivery now (or that ran it and died, until its lease lapses).
    public var claim: Claim?
    public var item: StoredItem
    public var feed: FeedRecord
    /// For a `comment`: the article the comment feed belongs to (nil if it is gone).
    public var article: StoredItem?
    /// `member` for an event of a digest hook, `digest` for the delivery that sends them; nil otherwise.
    public var digestRole: OutboxDigestRole? = nil
    /// For a digest: the events it sends, oldest first.
    public var digestMembers: [OutboxEntry] = []
}

/// Which deliveries `outbox(state:)` lists.
public enum OutboxState: Sendable, Hashable {
    /// Not delivered and not parked: still being tried.
    case pending
    /// Parked after the last attempt failed.
    case failed
    case delivered
    case all
}

extension Store {
    /// Deliveries due now: not delivered, not parked, next attempt time reached, not held under a
    /// live lease; oldest first. A read only: `claimDeliveries` is what takes them.
    public func pendingDeliveries(now: Date, limit: Int) throws(StoreError) -> [OutboxEntry] {
        try selectOutbox("""
            WHERE o.delivered_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= ?1
                AND (o.claimed_by IS NULL OR o.lease_until <= ?1) AND o.digest IS NOT 'member'
            ORDER BY o.next_attempt_at, o.id LIMIT ?2
            """, [now, limit])
    }

    /// Claims up to `limit` deliveries due at `now` for `owner` until `leaseUntil`, oldest first,
    /// and returns them: unclaimed ones and those whose owner's lease lapsed (a process that died
    /// mid-hook), which keep their delivery id.
    ///
    /// One `UPDATE … WHERE unclaimed or lapsed … RETURNING` under the write lock, so no two
    /// processes ever run one delivery at once.
    public func claimDeliveries(owner: ClaimOwner, now: Date, leaseUntil: Date, limit: Int) throws(StoreError) -> [OutboxEntry] {
        let ids = try withConnection { (db: SQLiteConnection) throws(StoreError) -> [Int64] in
            try db.transaction { () throws(StoreError) -> [Int64] in
                try db.query("""
                    UPDATE outbox SET claimed_by = ?1, lease_until = ?2
                    WHERE id IN (
                        SELECT id FROM outbox
                        WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?3
                            AND (claimed_by IS NULL OR lease_until <= ?3) AND digest IS NOT 'member'
                        ORDER BY next_attempt_at, id LIMIT ?4)
                    RETURNING id
                    """, [owner.label, leaseUntil, now, limit]) { $0.int64(0) }
            }
        }
        guard !ids.isEmpty else { return [] }
        return try selectOutbox("WHERE o.id IN (SELECT value FROM json_each(?)) ORDER BY o.next_attempt_at, o.id",
                                [Self.jsonArray(ids)])
    }

    /// Extends every delivery claim `owner` holds to `leaseUntil` (a long hook still running); returns how many.
    @discardableResult
    public func renewDeliveryClaims(owner: ClaimOwner, leaseUntil: Date) throws(StoreError) -> Int {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Int in
            try db.run("UPDATE outbox SET lease_until = ? WHERE claimed_by = ?", [leaseUntil, owner.label])
            return db.changes
        }
    }

    /// Gives back claimed deliveries whose hooks were never started (shutting down), due as they were.
    public func releaseDeliveries(ids: [Int64], owner: ClaimOwner) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try updateOutbox("""
            UPDATE outbox SET claimed_by = NULL, lease_until = NULL
            WHERE claimed_by = ? AND id IN (SELECT value FROM json_each(?))
            """, [owner.label, Self.jsonArray(ids)])
    }

    /// The outbox for `feedd hooks`, oldest first.
    public func outbox(state: OutboxState) throws(StoreError) -> [OutboxEntry] {
        let condition = switch state {
        case .pending: "WHERE o.delivered_at IS NULL AND o.failed_at IS NULL"
        case .failed: "WHERE o.delivered_at IS NULL AND o.failed_at IS NOT NULL"
        case .delivered: "WHERE o.delivered_at IS NOT NULL"
        case .all: ""
        }
        return try selectOutbox(condition + " ORDER BY o.id", [])
    }

    /// The `limit` most recent deliveries (of `hook`, or of all), newest first by their latest
    /// step (delivered, parked, or created while pending), for `feedd hooks log`: sorted and cut in
    /// SQL, so a long history is never loaded whole.
    public func recentDeliveries(hook: String?, limit: Int) throws(StoreError) -> [OutboxEntry] {
        try selectOutbox("""
            WHERE ?1 IS NULL OR o.hook = ?1
            ORDER BY coalesce(o.delivered_at, o.failed_at, o.created_at) DESC, o.id DESC LIMIT ?2
            """, [hook, max(limit, 0)])
    }

    /// The earliest next attempt among pending deliveries, for the notifier's sleep; a delivery
    /// another process holds counts from when its lease would lapse.
    public func nextOutboxDue() throws(StoreError) -> Date? {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Date? in
            try db.queryFirst("""
                SELECT min(max(next_attempt_at, coalesce(lease_until, 0))) FROM outbox
                WHERE delivered_at IS NULL AND failed_at IS NULL AND digest IS NOT 'member'
                """) { $0.optionalDate(0) } ?? nil
        }
    }

    /// Records a successful delivery (exit 0, HTTP 2xx) and releases its claim; a digest's
    /// members are delivered with it, in the same transaction.
    ///
    /// Recorded whoever holds the claim now: the hook did run, so a late result from an owner
    /// whose lease lapsed still ends the delivery (the new owner's own result then changes
    /// nothing). A delivery already recorded keeps its first time and response.
    public func markDelivered(id: Int64, at date: Date, response: String? = nil) throws(StoreError) {
        try withConnection { (db: SQLiteConnection) throws(StoreError) in
            try db.transaction { () throws(StoreError) in
                try db.run("""
                    UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL, failed_at = NULL,
                        last_response = ?, claimed_by = NULL, lease_until = NULL WHERE id = ? AND delivered_at IS NULL
                    """, [date, response.map(OutboxResponse.oneLine), id])
                guard db.changes > 0 else { return }
                try db.run("""
                    UPDATE outbox SET delivered_at = ?
                    WHERE id IN (SELECT member_id FROM outbox_digest_members WHERE digest_id = ?)
                    """, [date, id])
            }
        }
    }

    /// Records `owner`'s failed attempt and when to try again, and releases its claim; returns
    /// false, changing nothing, when the result came too late (see `OutboxResultGuard`).
    @discardableResult
    public func markAttemptFailed(id: Int64, owner: ClaimOwner, error: String, nextAttemptAt: Date) throws(StoreError) -> Bool {
        try updateOutbox("""
            UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                claimed_by = NULL, lease_until = NULL WHERE id = ? AND \(OutboxResultGuard.sqlite)
            """, [error, nextAttemptAt, id, owner.label])
    }

    /// Records `owner`'s last failed attempt and parks the delivery, where `feedd hooks` shows it;
    /// releases its claim. False, changing nothing, when the result came too late (see `OutboxResultGuard`).
    @discardableResult
    public func park(id: Int64, owner: ClaimOwner, error: String, at date: Date) throws(StoreError) -> Bool {
        try updateOutbox("""
            UPDATE outbox SET attempts = attempts + 1, last_error = ?, failed_at = ?,
                claimed_by = NULL, lease_until = NULL WHERE id = ? AND \(OutboxResultGuard.sqlite)
            """, [error, date, id, owner.label])
    }

    /// Puts parked deliveries (the given ones, or all when nil) back in line, due at once with fresh attempts.
    @discardableResult
    public func retryParked(ids: [Int64]?) throws(StoreError) -> Int {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Int in
            let sql = """
                UPDATE outbox SET failed_at = NULL, attempts = 0, next_attempt_at = 0
                WHERE failed_at IS NOT NULL AND delivered_at IS NULL
                """
            guard let ids else {
                try db.run(sql)
                return db.changes
            }
            return try db.transaction { () throws(StoreError) -> Int in
                var count = 0
                for id in ids {
                    try db.run(sql + " AND id = ?", [id])
                    count += db.changes
                }
                return count
            }
        }
    }

    /// The stable id of one delivery: the item (row id and first sighting), the hook, the event and,
    /// for `updated`, the item's version, so each update is its own delivery.
    /// The id is the first 32 hex digits of the SHA-256 of
    /// `"<itemID>␟<firstSeen seconds since 1970>␟<hook>␟<event>␟<version>"` (␟ is U+001F).
    package static func deliveryID(itemID: Int64, firstSeen: Date, hook: String, event: HookEvent, version: Int) -> String {
        var text = String(itemID)
        text += "\u{1F}"
        text += firstSeen.timeIntervalSince1970.description
        text += "\u{1F}"
        text += hook
        text += "\u{1F}"
        text += event.rawValue
        text += "\u{1F}"
        text += String(version)
        var hasher = SHA256()
        hasher.update(text.utf8)
        return SHA256.hexString(Array(hasher.finalize().prefix(16)))
    }

    /// Runs one outbox UPDATE; whether it changed a row.
    @discardableResult
    private func updateOutbox(_ sql: String, _ values: [any SQLBindable]) throws(StoreError) -> Bool {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Bool in
            try db.run(sql, values)
            return db.changes > 0
        }
    }

    /// The rows `clause` selects, each digest with its members.
    private func selectOutbox(_ clause: String, _ values: [any SQLBindable]) throws(StoreError) -> [OutboxEntry] {
        var entries = try selectOutboxRows(clause, values)
        for index in entries.indices where entries[index].digestRole == .digest {
            entries[index].digestMembers = try digestMembers(of: entries[index].id)
        }
        return entries
    }

    func selectOutboxRows(_ clause: String, _ values: [any SQLBindable]) throws(StoreError) -> [OutboxEntry] {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> [OutboxEntry] in
            let rows = try db.query("""
                SELECT o.id, o.delivery_id, o.hook, o.event, o.attempts, o.next_attempt_at, o.last_error,
                    o.delivered_at, o.failed_at, o.created_at, o.claimed_by, o.lease_until, o.digest, o.last_response,
                    \(StoredItem.columns(alias: "i"))
                FROM outbox o JOIN items i ON i.id = o.item_id \(clause)
                """, values) { (row: Row) throws(StoreError) in
                (id: row.int64(0), deliveryID: row.text(1), hook: row.text(2), event: HookEvent(rawValue: row.text(3)) ?? .new,
                 attempts: row.int(4), next: row.date(5), error: row.optionalText(6), delivered: row.optionalDate(7),
                 failed: row.optionalDate(8), created: row.date(9),
                 claim: row.optionalText(10).map { Claim(owner: $0, leaseUntil: row.date(11)) },
                 role: row.optionalText(12).flatMap(OutboxDigestRole.init(rawValue:)), response: row.optionalText(13),
                 item: try StoredItem(row: row, offset: 14, path: db.path))
            }
            var feeds: [Int64: FeedRecord] = [:]
            var entries: [OutboxEntry] = []
            for row in rows {
                let feed: FeedRecord
                if let known = feeds[row.item.feedID] {
                    feed = known
                } else {
                    guard let loaded = try Self.selectFeeds(db, "WHERE id = ?", [row.item.feedID]).first else { continue }
                    feeds[loaded.id] = loaded
                    feed = loaded
                }
                let article = try feed.parentItemID.flatMap { (id: Int64) throws(StoreError) -> StoredItem? in
                    try Self.selectItem(db, id: id)
                }
                entries.append(OutboxEntry(id: row.id, deliveryID: row.deliveryID, hook: row.hook, event: row.event,
                                           attempts: row.attempts, nextAttemptAt: row.next, lastError: row.error,
                                           lastResponse: row.response,
                                           deliveredAt: row.delivered, failedAt: row.failed, createdAt: row.created,
                                           claim: row.claim, item: row.item, feed: feed, article: article,
                                           digestRole: row.role))
            }
            return entries
        }
    }
}
