import FeedStore
import Foundation

extension PostgresStore {
    /// Deletes items past each feed's `keep` age or beyond its `max_items`, by the SQLite store's
    /// rules (`Store.applyRetention`): never an item the feed still lists, one with an undelivered
    /// outbox row, or the article of an active comment feed; each leaves a tombstone.
    public func applyRetention(now: Date) throws(StoreError) -> Int {
        try inTransaction { (db: PostgresSession) throws(StoreError) -> Int in
            let feeds = try db.query("""
                SELECT id, keep_seconds, max_items, last_listed_at, last_success_at FROM feeds
                WHERE keep_seconds IS NOT NULL OR max_items IS NOT NULL
                """) {
                (id: $0.int64(0), keep: $0.optionalDouble(1), maxItems: $0.optionalInt(2),
                 lastListedAt: $0.optionalDate(3), lastSuccessAt: $0.optionalDate(4))
            }
            var victims: [(Int64, Double)] = []
            for feed in feeds {
                func listingFloor(seenSince: Date) -> Date {
                    guard let lastListedAt = feed.lastListedAt, let lastSuccessAt = feed.lastSuccessAt,
                          lastSuccessAt >= seenSince else { return .distantFuture }
                    return lastListedAt.addingTimeInterval(-ItemIdentity.sightingRefresh)
                }
                if let keep = feed.keep {
                    let cutoff = now.addingTimeInterval(-keep)
                    victims += try db.query("""
                        SELECT id, last_seen FROM items WHERE feed_id = $1 AND last_seen < $2 AND last_seen <= $3 AND \(Self.deletable)
                        """, [feed.id, cutoff, listingFloor(seenSince: cutoff)]) { ($0.int64(0), $0.double(1)) }
                }
                if let maxItems = feed.maxItems {
                    let stillListed = min(ItemIdentity.sightingRefresh, (feed.keep ?? .infinity) / 4) * 2
                    let cutoff = now.addingTimeInterval(-stillListed)
                    victims += try db.query("""
                        SELECT id, last_seen FROM items WHERE id IN (
                            SELECT id FROM items WHERE feed_id = $1 ORDER BY sort_date DESC, id DESC OFFSET $2)
                        AND last_seen < $3 AND last_seen <= $4 AND \(Self.deletable)
                        """, [feed.id, max(0, maxItems), cutoff, listingFloor(seenSince: cutoff)]) { ($0.int64(0), $0.double(1)) }
                }
            }
            var deleted = 0
            let seen = Dictionary(victims, uniquingKeysWith: { first, _ in first })
            for id in seen.keys.sorted() {
                // Locked as it was chosen: an ingest that saw the item again meanwhile (a new
                // last_seen, perhaps an `updated` event whose outbox row the delete would cascade
                // away) commits first, and the row no longer matches.
                guard try db.queryFirst("SELECT 1 FROM items WHERE id = $1 AND last_seen = $2 FOR UPDATE",
                                        [id, seen[id]!], { _ in true }) == true else { continue }
                try PostgresTombstones.bury(db, itemID: id, at: now)
                deleted += try db.run("DELETE FROM items WHERE id = $1", [id])
            }
            return deleted
        }
    }

    private static let deletable = """
        NOT EXISTS (SELECT 1 FROM outbox o WHERE o.item_id = items.id AND o.delivered_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM feeds c WHERE c.parent_item_id = items.id AND c.active = 1)
        """
}
