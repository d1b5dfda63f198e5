import FeedModel
import Foundation

/// What an outbox row is to a digest hook.
public enum OutboxDigestRole: String, Sendable, Hashable {
    /// One event of a digest hook, waiting for (or carried by) its period's digest; never sent alone.
    case member
    /// The one delivery that sends a period's members together.
    case digest
}

extension Store {
    /// Closes the digest of `hook`: every member not yet in a digest and created before `cutoff`
    /// (the start of the period now running) becomes part of one new digest delivery, due at `now`.
    /// Returns its delivery id, or nil when there was nothing to send.
    ///
    /// The digest row and its member list are written in one transaction, so a crash leaves either
    /// no digest (the members still wait and the next drain closes them) or the whole digest, which
    /// the notifier then sends, retries and repeats under its one delivery id — never a part of it.
    /// Members of several past periods (a daemon that was down) go out together in one digest.
    @discardableResult
    public func closeDigest(hook: String, createdBefore cutoff: Date, now: Date) throws(StoreError) -> String? {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> String? in
            try db.transaction { () throws(StoreError) -> String? in
                let members = try db.query("""
                    SELECT o.id, o.delivery_id, o.item_id, o.event FROM outbox o
                    WHERE o.hook = ?1 AND o.digest = 'member' AND o.delivered_at IS NULL AND o.created_at < ?2
                        AND NOT EXISTS (SELECT 1 FROM outbox_digest_members m WHERE m.member_id = o.id)
                    ORDER BY o.id
                    """, [hook, cutoff]) { (id: $0.int64(0), deliveryID: $0.text(1), itemID: $0.int64(2), event: $0.text(3)) }
                guard let first = members.first else { return nil }
                let deliveryID = Self.digestDeliveryID(hook: hook, memberDeliveryIDs: members.map(\.deliveryID))
                try db.run("""
                    INSERT INTO outbox (item_id, hook, event, delivery_id, next_attempt_at, created_at, digest)
                    VALUES (?, ?, ?, ?, ?, ?, 'digest')
                    """, [first.itemID, hook, first.event, deliveryID, now, now])
                let digestID = db.lastInsertRowID
                try db.run("""
                    INSERT INTO outbox_digest_members (member_id, digest_id)
                    SELECT value, ? FROM json_each(?)
                    """, [digestID, Self.jsonArray(members.map(\.id))])
                return deliveryID
            }
        }
    }

    /// The hooks with members still waiting for a digest, for the notifier's wake-up.
    public func hooksWaitingForDigest() throws(StoreError) -> Set<String> {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Set<String> in
            Set(try db.query("""
                SELECT DISTINCT o.hook FROM outbox o
                WHERE o.digest = 'member' AND o.delivered_at IS NULL
                    AND NOT EXISTS (SELECT 1 FROM outbox_digest_members m WHERE m.member_id = o.id)
                """) { $0.text(0) })
        }
    }

    /// The stable id of a digest: the first 32 hex digits of the SHA-256 of the hook name and its
    /// members' delivery ids, sorted, separated by U+001F — the same members give the same id.
    package static func digestDeliveryID(hook: String, memberDeliveryIDs: [String]) -> String {
        var hasher = SHA256()
        hasher.update((["digest", hook] + memberDeliveryIDs.sorted()).joined(separator: "\u{1F}").utf8)
        return SHA256.hexString(Array(hasher.finalize().prefix(16)))
    }

    /// The members a digest row carries, oldest first (empty for any other row).
    func digestMembers(of digestID: Int64) throws(StoreError) -> [OutboxEntry] {
        try selectOutboxRows("""
            WHERE o.id IN (SELECT member_id FROM outbox_digest_members WHERE digest_id = ?) ORDER BY o.id
            """, [digestID])
    }
}
