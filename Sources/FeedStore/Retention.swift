import Foundation

extension Store {
    /// Deletes items past each feed's `keep` age or beyond its `max_items`; returns how many went.
    ///
    /// Age is measured from the item's last sighting in its feed, and `max_items` only removes
    /// items the feed no longer carries: deleting an item the feed still lists would bring it
    /// back as "new" on the next poll. An item of the feed's last parsed listing counts as seen
    /// at the feed's last successful poll, so a feed that answers 304 (or the same body) for
    /// longer than `keep` keeps everything it lists. Never deleted: an item with an undelivered
    /// outbox row (pending or parked), and the article of an active comment feed. Every deleted
    /// item leaves a tombstone (see `ItemTombstones`), so it is never `new` again.
    public func applyRetention(now: Date) throws(StoreError) -> Int {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Int in
            try db.transaction { () throws(StoreError) -> Int in
                let feeds = try db.query("""
                    SELECT id, keep_seconds, max_items, last_listed_at, last_success_at FROM feeds
                    WHERE keep_seconds IS NOT NULL OR max_items IS NOT NULL
                    """) {
                    RetainedFeed(id: $0.int64(0), keep: $0.optionalDouble(1), maxItems: $0.optionalInt(2),
                                 lastListedAt: $0.optionalDate(3), lastSuccessAt: $0.optionalDate(4))
                }
                var victims: [Int64] = []
                for feed in feeds {
                    if let keep = feed.keep {
                        let cutoff = now.addingTimeInterval(-keep)
                        victims += try db.query("""
                            SELECT id FROM items WHERE feed_id = ? AND last_seen < ? AND last_seen <= ? AND \(deletable)
                            """, [feed.id, cutoff, feed.listingFloor(seenSince: cutoff)]) { $0.int64(0) }
                    }
                    if let maxItems = feed.maxItems {
                        let stillListed = min(ItemIdentity.sightingRefresh, (feed.keep ?? .infinity) / 4) * 2
                        let cutoff = now.addingTimeInterval(-stillListed)
                        victims += try db.query("""
                            SELECT id FROM items WHERE id IN (
                                SELECT id FROM items WHERE feed_id = ? ORDER BY sort_date DESC, id DESC LIMIT -1 OFFSET ?)
                            AND last_seen < ? AND last_seen <= ? AND \(deletable)
                            """, [feed.id, max(0, maxItems), cutoff, feed.listingFloor(seenSince: cutoff)]) { $0.int64(0) }
                    }
                }
                var deleted = 0
                for id in Set(victims) {
                    try ItemTombstones.bury(db, itemID: id, at: now)
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

/// A feed with retention settings, and what tells which of its items it still lists.
private struct RetainedFeed {
    var id: Int64
    var keep: TimeInterval?
    var maxItems: Int?
    /// When its body was last parsed and ingested.
    var lastListedAt: Date?
    /// When it last answered a poll with success (a parsed body, an unchanged one or a 304).
    var lastSuccessAt: Date?

    /// The `last_seen` at or below which an item is not part of the last listing, when that
    /// listing was confirmed at or after `seenSince`; no bound (every item may go) otherwise.
    ///
    /// An item of the last listing was written at most `ItemIdentity.sightingRefresh` before that
    /// listing (the refresh of an unchanged item's `last_seen` is throttled by it, never more), so
    /// everything later than this floor may be in it. The floor errs on keeping: an item that
    /// left the feed shortly before the last listing is kept until the feed changes again.
    func listingFloor(seenSince: Date) -> Date {
        guard let lastListedAt, let lastSuccessAt, lastSuccessAt >= seenSince else { return .distantFuture }
        return lastListedAt.addingTimeInterval(-ItemIdentity.sightingRefresh)
    }
}
