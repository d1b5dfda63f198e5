import FeedModel
import FeedStore
import Foundation

/// Claims with leases on feeds and deliveries, on PostgreSQL: several daemons share one feed list,
/// and each due feed is polled by one of them.
extension PostgresStore {
    /// Claims the refreshes of `ids`: `SELECT … FOR UPDATE SKIP LOCKED` picks the rows no other
    /// transaction is claiming right now and that are free (unclaimed, lapsed, or already ours),
    /// the UPDATE marks them, and the commit publishes the claim. Another daemon claiming at the
    /// same moment skips the locked rows, and after our commit re-reads them and sees the claim:
    /// no two owners ever hold one feed.
    public func claimFeeds(ids: [Int64], owner: ClaimOwner, now: Date, leaseUntil: Date,
                           dueOnly: Bool) throws(StoreError) -> [FeedRecord] {
        guard !ids.isEmpty else { return [] }
        let due = dueOnly ? "AND next_poll_at <= $3 AND (retry_not_before IS NULL OR retry_not_before <= $3)" : ""
        return try inTransaction { (db: PostgresSession) throws(StoreError) -> [FeedRecord] in
            let free = try db.query("""
                SELECT id FROM feeds
                WHERE id = ANY($1::bigint[]) AND active = 1
                    AND (claimed_by IS NULL OR lease_until <= $3 OR claimed_by = $2) \(due)
                FOR UPDATE SKIP LOCKED
                """, [PostgresArray(ids), owner.label, now]) { $0.int64(0) }
            guard !free.isEmpty else { return [] }
            try db.run("UPDATE feeds SET claimed_by = $1, lease_until = $2 WHERE id = ANY($3::bigint[])",
                       [owner.label, leaseUntil, PostgresArray(free)])
            let byID = Dictionary(try PostgresRecords.selectFeeds(db, "WHERE id = ANY($1::bigint[])", [PostgresArray(free)])
                .map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            return ids.compactMap { byID[$0] }
        }
    }

    /// Gives up `owner`'s claims on `ids`, once their polls are recorded.
    public func releaseFeeds(ids: [Int64], owner: ClaimOwner) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try withSession { (db: PostgresSession) throws(StoreError) in
            try db.run("""
                UPDATE feeds SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = $1 AND id = ANY($2::bigint[])
                """, [owner.label, PostgresArray(ids)])
        }
    }

    @discardableResult
    public func renewFeedClaims(owner: ClaimOwner, leaseUntil: Date) throws(StoreError) -> Int {
        try withSession { (db: PostgresSession) throws(StoreError) -> Int in
            try db.run("UPDATE feeds SET lease_until = $1 WHERE claimed_by = $2", [leaseUntil, owner.label])
        }
    }

    /// Who holds feed `id`'s refresh, if anyone (live or lapsed).
    public func feedClaim(id: Int64) throws(StoreError) -> Claim? {
        try withSession { (db: PostgresSession) throws(StoreError) -> Claim? in
            try db.queryFirst("SELECT claimed_by, lease_until FROM feeds WHERE id = $1 AND claimed_by IS NOT NULL", [id]) {
                Claim(owner: $0.text(0), leaseUntil: $0.date(1))
            } ?? nil
        }
    }

    /// The owners of claims on feeds or deliveries that have not lapsed at `now`.
    public func liveClaimOwners(now: Date) throws(StoreError) -> [String] {
        try withSession { (db: PostgresSession) throws(StoreError) -> [String] in
            try db.query("""
                SELECT claimed_by FROM feeds WHERE claimed_by IS NOT NULL AND lease_until > $1
                UNION SELECT claimed_by FROM outbox WHERE claimed_by IS NOT NULL AND lease_until > $1
                """, [now]) { $0.text(0) }
        }
    }

    @discardableResult
    public func lapseClaims(owner: String, at now: Date) throws(StoreError) -> Int {
        try inTransaction { (db: PostgresSession) throws(StoreError) -> Int in
            try db.run("UPDATE feeds SET lease_until = $1 WHERE claimed_by = $2 AND lease_until > $1", [now, owner])
                + db.run("UPDATE outbox SET lease_until = $1 WHERE claimed_by = $2 AND lease_until > $1", [now, owner])
        }
    }
}
