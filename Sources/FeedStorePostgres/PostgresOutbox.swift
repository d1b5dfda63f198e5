import FeedModel
import FeedStore
import Foundation

extension PostgresStore {
    /// Pending, due and not held by a live claim; a read only.
    static let dueCondition = """
        delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
            AND (claimed_by IS NULL OR lease_until <= $1) AND digest IS DISTINCT FROM 'member'
        """

    /// Deliveries due now and not held by a live claim, oldest first (a read; nothing is claimed).
    public func pendingDeliveries(now: Date, limit: Int) throws(StoreError) -> [OutboxEntry] {
        try selectOutbox("WHERE o.id IN (SELECT id FROM outbox WHERE \(Self.dueCondition)) ORDER BY o.next_attempt_at, o.id LIMIT $2",
                         [now, Self.sqlLimit(limit)])
    }

    /// Claims due deliveries with `FOR UPDATE SKIP LOCKED`: rows another daemon is claiming are
    /// skipped, rows it claimed are re-read after its commit and no longer free, so one delivery
    /// never runs in two daemons. A lapsed lease's delivery keeps its delivery id.
    public func claimDeliveries(owner: ClaimOwner, now: Date, leaseUntil: Date, limit: Int) throws(StoreError) -> [OutboxEntry] {
        let ids = try inTransaction { (db: PostgresSession) throws(StoreError) -> [Int64] in
            let free = try db.query("""
                SELECT id FROM outbox WHERE \(Self.dueCondition)
                ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
                """, [now, Self.sqlLimit(limit)]) { $0.int64(0) }
            guard !free.isEmpty else { return [] }
            try db.run("UPDATE outbox SET claimed_by = $1, lease_until = $2 WHERE id = ANY($3::bigint[])",
                       [owner.label, leaseUntil, PostgresArray(free)])
            return free
        }
        guard !ids.isEmpty else { return [] }
        return try selectOutbox("WHERE o.id = ANY($1::bigint[]) ORDER BY o.next_attempt_at, o.id", [PostgresArray(ids)])
    }

    @discardableResult
    public func renewDeliveryClaims(owner: ClaimOwner, leaseUntil: Date) throws(StoreError) -> Int {
        try withSession { (db: PostgresSession) throws(StoreError) -> Int in
            try db.run("UPDATE outbox SET lease_until = $1 WHERE claimed_by = $2", [leaseUntil, owner.label])
        }
    }

    /// Gives back claimed deliveries whose hooks never started.
    public func releaseDeliveries(ids: [Int64], owner: ClaimOwner) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try withSession { (db: PostgresSession) throws(StoreError) in
            try db.run("""
                UPDATE outbox SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = $1 AND id = ANY($2::bigint[])
                """, [owner.label, PostgresArray(ids)])
        }
    }

    /// Records a successful delivery and releases its claim, whoever holds it now (see
    /// `OutboxResultGuard`); a digest's members are delivered with it. A delivery already
    /// recorded keeps its first time and response.
    public func markDelivered(id: Int64, at date: Date, response: String?) throws(StoreError) {
        try inTransaction { (db: PostgresSession) throws(StoreError) in
            let changed = try db.run("""
                UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, last_error = NULL, failed_at = NULL,
                    last_response = $2, claimed_by = NULL, lease_until = NULL WHERE id = $3 AND delivered_at IS NULL
                """, [date, response.map(OutboxResponse.oneLine), id])
            guard changed > 0 else { return }
            try db.run("""
                UPDATE outbox SET delivered_at = $1
                WHERE id IN (SELECT member_id FROM outbox_digest_members WHERE digest_id = $2)
                """, [date, id])
        }
    }

    /// Records `owner`'s failed attempt and when to try again, and releases its claim; false,
    /// changing nothing, when the result came too late (see `OutboxResultGuard`).
    @discardableResult
    public func markAttemptFailed(id: Int64, owner: ClaimOwner, error: String, nextAttemptAt: Date) throws(StoreError) -> Bool {
        try withSession { (db: PostgresSession) throws(StoreError) -> Bool in
            try db.run("""
                UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2,
                    claimed_by = NULL, lease_until = NULL WHERE id = $3 AND \(OutboxResultGuard.condition(ownerParameter: "$4"))
                """, [error, nextAttemptAt, id, owner.label]) > 0
        }
    }

    /// Records `owner`'s last failed attempt, parks the delivery and releases its claim; false,
    /// changing nothing, when the result came too late (see `OutboxResultGuard`).
    @discardableResult
    public func park(id: Int64, owner: ClaimOwner, error: String, at date: Date) throws(StoreError) -> Bool {
        try withSession { (db: PostgresSession) throws(StoreError) -> Bool in
            try db.run("""
                UPDATE outbox SET attempts = attempts + 1, last_error = $1, failed_at = $2,
                    claimed_by = NULL, lease_until = NULL WHERE id = $3 AND \(OutboxResultGuard.condition(ownerParameter: "$4"))
                """, [error, date, id, owner.label]) > 0
        }
    }

    @discardableResult
    public func retryParked(ids: [Int64]?) throws(StoreError) -> Int {
        try withSession { (db: PostgresSession) throws(StoreError) -> Int in
            try db.run("""
                UPDATE outbox SET failed_at = NULL, attempts = 0, next_attempt_at = 0
                WHERE failed_at IS NOT NULL AND delivered_at IS NULL AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[]))
                """, [ids.map(PostgresArray.init)])
        }
    }

    /// The outbox in one state, oldest first, for `feedd hooks`.
    public func outbox(state: OutboxState) throws(StoreError) -> [OutboxEntry] {
        let condition = switch state {
        case .pending: "WHERE o.delivered_at IS NULL AND o.failed_at IS NULL"
        case .failed: "WHERE o.delivered_at IS NULL AND o.failed_at IS NOT NULL"
        case .delivered: "WHERE o.delivered_at IS NOT NULL"
        case .all: ""
        }
        return try selectOutbox(condition + " ORDER BY o.id", [])
    }

    /// The most recent deliveries, newest first by their latest step (`feedd hooks log`).
    public func recentDeliveries(hook: String?, limit: Int) throws(StoreError) -> [OutboxEntry] {
        try selectOutbox("""
            WHERE $1::text IS NULL OR o.hook = $1
            ORDER BY coalesce(o.delivered_at, o.failed_at, o.created_at) DESC, o.id DESC LIMIT $2
            """, [hook, max(limit, 0)])
    }

    /// The earliest next attempt among pending deliveries; a held one counts from when its lease lapses.
    public func nextOutboxDue() throws(StoreError) -> Date? {
        try withSession { (db: PostgresSession) throws(StoreError) -> Date? in
            try db.queryFirst("""
                SELECT min(greatest(next_attempt_at, coalesce(lease_until, 0))) FROM outbox
                WHERE delivered_at IS NULL AND failed_at IS NULL AND digest IS DISTINCT FROM 'member'
                """) { $0.optionalDate(0) } ?? nil
        }
    }

    /// One digest delivery of `hook`'s waiting members created before `cutoff`, written with its
    /// member list in one transaction. Closing a hook's digest takes an advisory lock of that hook
    /// first, so two daemons closing it at once run one after the other and the second's member
    /// query already sees the first's members taken: never a second, empty or partial digest
    /// (locking the member rows alone would not do: the second would carry on with the snapshot
    /// it read before it waited).
    @discardableResult
    public func closeDigest(hook: String, createdBefore cutoff: Date, now: Date) throws(StoreError) -> String? {
        try inTransaction { (db: PostgresSession) throws(StoreError) -> String? in
            try db.run("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [PostgresStore.advisoryLockClass, "digest " + hook])
            let members = try db.query("""
                SELECT o.id, o.delivery_id, o.item_id, o.event FROM outbox o
                WHERE o.hook = $1 AND o.digest = 'member' AND o.delivered_at IS NULL AND o.created_at < $2
                    AND NOT EXISTS (SELECT 1 FROM outbox_digest_members m WHERE m.member_id = o.id)
                ORDER BY o.id FOR UPDATE
                """, [hook, cutoff]) { (id: $0.int64(0), deliveryID: $0.text(1), itemID: $0.int64(2), event: $0.text(3)) }
            guard let first = members.first else { return nil }
            let deliveryID = Store.digestDeliveryID(hook: hook, memberDeliveryIDs: members.map(\.deliveryID))
            guard let digestID = try db.queryFirst("""
                INSERT INTO outbox (item_id, hook, event, delivery_id, next_attempt_at, created_at, digest)
                VALUES ($1, $2, $3, $4, $5, $5, 'digest')
                ON CONFLICT (delivery_id) DO NOTHING
                RETURNING id
                """, [first.itemID, hook, first.event, deliveryID, now], { $0.int64(0) }) else { return nil }
            try db.run("""
                INSERT INTO outbox_digest_members (member_id, digest_id) SELECT unnest($1::bigint[]), $2
                ON CONFLICT (member_id) DO NOTHING
                """, [PostgresArray(members.map(\.id)), digestID])
            return deliveryID
        }
    }

    /// The hooks with members still waiting for a digest.
    public func hooksWaitingForDigest() throws(StoreError) -> Set<String> {
        try withSession { (db: PostgresSession) throws(StoreError) -> Set<String> in
            Set(try db.query("""
                SELECT DISTINCT o.hook FROM outbox o
                WHERE o.digest = 'member' AND o.delivered_at IS NULL
                    AND NOT EXISTS (SELECT 1 FROM outbox_digest_members m WHERE m.member_id = o.id)
                """) { $0.text(0) })
        }
    }

    /// The rows `clause` selects, each digest with its members.
    private func selectOutbox(_ clause: String, _ values: [any PostgresBindable]) throws(StoreError) -> [OutboxEntry] {
        try withSession { (db: PostgresSession) throws(StoreError) -> [OutboxEntry] in
            var entries = try Self.selectOutboxRows(db, clause, values)
            for index in entries.indices where entries[index].digestRole == .digest {
                entries[index].digestMembers = try Self.selectOutboxRows(db, """
                    WHERE o.id IN (SELECT member_id FROM outbox_digest_members WHERE digest_id = $1) ORDER BY o.id
                    """, [entries[index].id])
            }
            return entries
        }
    }

    private static func selectOutboxRows(_ db: PostgresSession, _ clause: String,
                                         _ values: [any PostgresBindable]) throws(StoreError) -> [OutboxEntry] {
        let rows = try db.query("""
            SELECT o.id, o.delivery_id, o.hook, o.event, o.attempts, o.next_attempt_at, o.last_error,
                o.delivered_at, o.failed_at, o.created_at, o.claimed_by, o.lease_until, o.digest, o.last_response,
                \(PostgresRecords.itemColumns(alias: "i"))
            FROM outbox o JOIN items i ON i.id = o.item_id \(clause)
            """, values) { (row: PostgresRow) throws(StoreError) in
            (row: row, item: try PostgresRecords.item(row, offset: 14, server: db.server))
        }
        var feeds: [Int64: FeedRecord] = [:]
        var entries: [OutboxEntry] = []
        for (row, item) in rows {
            let feed: FeedRecord
            if let known = feeds[item.feedID] {
                feed = known
            } else {
                guard let loaded = try PostgresRecords.selectFeeds(db, "WHERE id = $1", [item.feedID]).first else { continue }
                feeds[loaded.id] = loaded
                feed = loaded
            }
            let article = try feed.parentItemID.flatMap { (id: Int64) throws(StoreError) -> StoredItem? in
                try PostgresRecords.selectItem(db, id: id)
            }
            entries.append(OutboxEntry.make(
                id: row.int64(0), deliveryID: row.text(1), hook: row.text(2), event: HookEvent(rawValue: row.text(3)) ?? .new,
                attempts: row.int(4), nextAttemptAt: row.date(5), lastError: row.optionalText(6),
                lastResponse: row.optionalText(13), deliveredAt: row.optionalDate(7), failedAt: row.optionalDate(8),
                createdAt: row.date(9), claim: row.optionalText(10).map { Claim(owner: $0, leaseUntil: row.date(11)) },
                item: item, feed: feed, article: article, digestRole: row.optionalText(12).flatMap(OutboxDigestRole.init(rawValue:))))
        }
        return entries
    }
}
