import Foundation

extension Store {
    /// Deletes items past each feed's `keep` age or beyond its `max_items`; returns how many went.
    ///
    /// Age is measured from the item's last sighting in its feed, and `max_items` only removes
    /// items the feed no longer carries: deleting an item the feed still lists would bring it
    /// back as "new" on the next poll. Never deleted: an item with an undelivered outbox row
    /// (pending or parked), and the article of an active comment feed.
    public func applyRetention(now: Date) throws(StoreError) -> Int {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Int in
            try db.transaction { () throws(StoreError) -> Int in
                let feeds = try db.query("""
                    SELECT id, keep_seconds, max_items FROM feeds WHERE keep_seconds IS NOT NULL OR max_items IS NOT NULL
                    """) { (id: $0.int64(0), keep: $0.optionalDouble(1), maxItems: $0.optionalInt(2)) }
                var victims: [Int64] = []
                for feed in feeds {
                    if let keep = feed.keep {
                        victims += try db.query("SELECT id FROM items WHERE feed_id = ? AND last_seen < ? AND \(deletable)",
                                                [feed.id, now.addingTimeInterval(-keep)]) { $0.int64(0) }
                    }
                    if let maxItems = feed.maxItems {
                        let stillListed = min(ItemIdentity.sightingRefresh, (feed.keep ?? .infinity) / 4) * 2
                        victims += try db.query("""
                            SELECT id FROM items WHERE id IN (
                                SELECT id FROM items WHERE feed_id = ? ORDER BY sort_date DESC, id DESC LIMIT -1 OFFSET ?)
                            AND last_seen < ? AND \(deletable)
                            """, [feed.id, max(0, maxItems), now.addingTimeInterval(-stillListed)]) { $0.int64(0) }
                    }
                }
                var deleted = 0
                for id in Set(victims) {
                    try SearchIndex.remove(db, itemID: id)
                    try db.run("DELETE FROM items WHERE id = ?", [id])
                    deleted += db.changes
                }
                return deleted
            }
        }
    }

    /// The guards every retention delete carries.
    private var deletable: String {
        """
        NOT EXISTS (SELECT 1 FROM outbox o WHERE o.item_id = items.id AND o.delivered_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM feeds c WHERE c.parent_item_id = items.id AND c.active = 1)
        """
    }
}
