import Foundation

extension Store {
    /// Makes a retired main feed active again (`feedd resume`): polled at once, its 410 streak and
    /// error count forgotten, and the comment feeds its retirement stopped active with it. Returns
    /// why it had been retired, or nil when there was no such retired feed.
    ///
    /// A feed removed from the config or paused in it is left alone: the config decides those.
    public func reviveFeed(named name: String, now: Date) throws(StoreError) -> String? {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> String? in
            try db.transaction { () throws(StoreError) -> String? in
                guard let (id, reason) = try db.queryFirst("""
                    SELECT id, retired_reason FROM feeds WHERE kind = 'main' AND name = ? AND active = 0
                        AND coalesce(retired_reason, '') NOT IN (?, ?)
                    """, [name, Self.removedFromConfig, Self.pausedReason], { ($0.int64(0), $0.optionalText(1)) })
                else { return nil }
                try db.run("""
                    UPDATE feeds SET active = 1, retired_reason = NULL, next_poll_at = min(next_poll_at, ?),
                        retry_not_before = NULL, consecutive_errors = 0, gone_count = 0, gone_since = NULL,
                        gone_seen_poll = NULL
                    WHERE id = ?
                    """, [now, id])
                return reason ?? "no reason recorded"
            }
        }
    }
}
