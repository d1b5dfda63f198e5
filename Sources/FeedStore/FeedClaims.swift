import Foundation

extension Store {
    /// Claims the refreshes of `ids` for `owner` until `leaseUntil` and returns the claimed feeds as
    /// they are now, in the order of `ids`; a feed another process holds under a live lease is left
    /// out, and with `dueOnly` so is one that is no longer due (another process polled it meanwhile).
    ///
    /// One `UPDATE … WHERE unclaimed or lapsed … RETURNING` under the write lock: two processes
    /// can never both claim one feed.
    public func claimFeeds(ids: [Int64], owner: ClaimOwner, now: Date, leaseUntil: Date,
                           dueOnly: Bool) throws(StoreError) -> [FeedRecord] {
        guard !ids.isEmpty else { return [] }
        let due = dueOnly
            ? "AND next_poll_at <= ?4 AND (retry_not_before IS NULL OR retry_not_before <= ?4)"
            : ""
        return try withConnection { (db: SQLiteConnection) throws(StoreError) -> [FeedRecord] in
            try db.transaction { () throws(StoreError) -> [FeedRecord] in
                let claimed = try db.query("""
                    UPDATE feeds SET claimed_by = ?1, lease_until = ?2
                    WHERE id IN (SELECT value FROM json_each(?3)) AND active = 1
                        AND (claimed_by IS NULL OR lease_until <= ?4 OR claimed_by = ?1) \(due)
                    RETURNING id
                    """, [owner.label, leaseUntil, Self.jsonArray(ids), now]) { $0.int64(0) }
                guard !claimed.isEmpty else { return [] }
                let byID = Dictionary(try Self.selectFeeds(db, "WHERE id IN (SELECT value FROM json_each(?))",
                                                           [Self.jsonArray(claimed)]).map { ($0.id, $0) },
                                      uniquingKeysWith: { first, _ in first })
                return ids.compactMap { byID[$0] }
            }
        }
    }

    /// Gives up `owner`'s claims on `ids`, once their polls are recorded.
    public func releaseFeeds(ids: [Int64], owner: ClaimOwner) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try withConnection { (db: SQLiteConnection) throws(StoreError) in
            try db.run("""
                UPDATE feeds SET claimed_by = NULL, lease_until = NULL
                WHERE claimed_by = ? AND id IN (SELECT value FROM json_each(?))
                """, [owner.label, Self.jsonArray(ids)])
        }
    }

    /// Extends every feed claim `owner` holds to `leaseUntil`; returns how many.
    @discardableResult
    public func renewFeedClaims(owner: ClaimOwner, leaseUntil: Date) throws(StoreError) -> Int {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Int in
            try db.run("UPDATE feeds SET lease_until = ? WHERE claimed_by = ?", [leaseUntil, owner.label])
            return db.changes
        }
    }

    /// Who holds feed `id`'s refresh, if anyone (live or lapsed).
    public func feedClaim(id: Int64) throws(StoreError) -> Claim? {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Claim? in
            try db.queryFirst("SELECT claimed_by, lease_until FROM feeds WHERE id = ? AND claimed_by IS NOT NULL",
                              [id]) { Claim(owner: $0.text(0), leaseUntil: $0.date(1)) } ?? nil
        }
    }

    /// Ids as a JSON array, bound as one parameter and read back with `json_each`.
    static func jsonArray(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }
}

extension Store {
    /// The owners of claims that have not lapsed at `now`, on feeds or deliveries.
    public func liveClaimOwners(now: Date) throws(StoreError) -> [String] {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> [String] in
            try db.query("""
                SELECT claimed_by FROM feeds WHERE claimed_by IS NOT NULL AND lease_until > ?1
                UNION SELECT claimed_by FROM outbox WHERE claimed_by IS NOT NULL AND lease_until > ?1
                """, [now]) { $0.text(0) }
        }
    }

    /// Lets every claim of the owner labelled `owner` lapse at `now` (its process is known dead);
    /// returns how many feeds and deliveries it held.
    @discardableResult
    public func lapseClaims(owner: String, at now: Date) throws(StoreError) -> Int {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Int in
            try db.transaction { () throws(StoreError) -> Int in
                try db.run("UPDATE feeds SET lease_until = ? WHERE claimed_by = ? AND lease_until > ?", [now, owner, now])
                var count = db.changes
                try db.run("UPDATE outbox SET lease_until = ? WHERE claimed_by = ? AND lease_until > ?", [now, owner, now])
                count += db.changes
                return count
            }
        }
    }
}
