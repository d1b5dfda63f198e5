import FeedModel
import FeedStore
import Foundation

/// Reading the store's rows into the values the protocols return, as the SQLite store reads them.
enum PostgresRecords {
    static let feedColumns = """
        id, url, configured_url, name, kind, parent_item_id, tags, active, retired_reason, interval_seconds,
        follow_comments, comments_window_seconds, notify_backlog, keep_seconds, max_items,
        etag, last_modified, body_hash, last_status, last_error, consecutive_errors, last_fetched_at,
        last_success_at, next_poll_at, retry_not_before, redirect_candidate_url, redirect_seen_count,
        first_success_done, title, home_page_url, created_at,
        schedule_interval_seconds, schedule_reason, hint_ttl_seconds, hint_max_age_seconds, hint_update_period_seconds
        """

    static func feed(_ row: PostgresRow, server: String) throws(StoreError) -> FeedRecord {
        let id = row.int64(0)
        let fetchState = FetchState(
            etag: row.optionalText(15), lastModified: row.optionalText(16), bodyHash: row.optionalText(17),
            lastStatus: row.optionalInt(18), lastError: row.optionalText(19), consecutiveErrors: row.int(20),
            lastFetchedAt: row.optionalDate(21), lastSuccessAt: row.optionalDate(22), nextPollAt: row.date(23),
            retryNotBefore: row.optionalDate(24), redirectCandidateURL: row.optionalText(25),
            redirectSeenCount: row.int(26), firstSuccessDone: row.bool(27), title: row.optionalText(28),
            homePageURL: row.optionalText(29))
        var feed = FeedRecord(
            id: id, url: row.text(1), name: row.text(3), kind: FeedRecord.Kind(rawValue: row.text(4)) ?? .main,
            parentItemID: row.optionalInt64(5), configuredURL: row.optionalText(2),
            tags: try TagsColumn.decode(row.text(6), path: server, feedID: id), isActive: row.bool(7),
            retiredReason: row.optionalText(8), interval: row.optionalDouble(9), followComments: row.bool(10),
            commentsWindow: row.double(11), notifyBacklog: row.bool(12), keep: row.optionalDouble(13),
            maxItems: row.optionalInt(14), fetchState: fetchState, createdAt: row.date(30))
        feed.schedule = schedule(row, from: 31)
        return feed
    }

    /// The schedule note in five columns from `start` (interval, reason, ttl, max-age, update period).
    static func schedule(_ row: PostgresRow, from start: Int) -> ScheduleNote? {
        let hints = ScheduleNote.hints(ttl: row.optionalDouble(start + 2), cacheMaxAge: row.optionalDouble(start + 3),
                                       updatePeriod: row.optionalDouble(start + 4))
        if let interval = row.optionalDouble(start), let reason = row.optionalText(start + 1).flatMap(IntervalReason.init) {
            return ScheduleNote(intervalSeconds: interval, reason: reason, ttl: hints.ttl, cacheMaxAge: hints.cacheMaxAge,
                                updatePeriod: hints.updatePeriod)
        }
        if hints.ttl != nil || hints.cacheMaxAge != nil || hints.updatePeriod != nil { return hints }
        return nil
    }

    static let itemColumnNames = [
        "id", "feed_id", "identity_key", "entry_json", "first_seen", "last_seen", "content_hash", "version",
        "was_backlog", "content_html", "content_text", "summary",
    ]
    static let itemColumnCount = itemColumnNames.count

    static func itemColumns(alias: String? = nil) -> String {
        let prefix = alias.map { $0 + "." } ?? ""
        return itemColumnNames.map { prefix + $0 }.joined(separator: ", ")
    }

    static func item(_ row: PostgresRow, offset: Int = 0, server: String) throws(StoreError) -> StoredItem {
        let id = row.int64(offset)
        var entry = try JSONColumn.decode(Entry.self, from: row.text(offset + 3), path: server, what: "entry of item \(id)")
        entry.contentHTML = row.optionalText(offset + 9)
        entry.contentText = row.optionalText(offset + 10)
        entry.summary = row.optionalText(offset + 11)
        return StoredItem(id: id, feedID: row.int64(offset + 1), identityKey: row.text(offset + 2), entry: entry,
                          firstSeen: row.date(offset + 4), lastSeen: row.date(offset + 5), contentHash: row.text(offset + 6),
                          version: row.int(offset + 7), wasBacklog: row.bool(offset + 8))
    }

    /// `column` equal to the text parameter `parameter`, through the column's md5 index.
    static func equals(_ column: String, _ parameter: String) -> String {
        "(md5(\(column)) = md5(\(parameter)::text) AND \(column) = \(parameter)::text)"
    }

    /// `column` equal to one of the texts of the array parameter `parameter`, through its md5 index.
    static func inList(_ column: String, _ parameter: String) -> String {
        "(md5(\(column)) = ANY(ARRAY(SELECT md5(v) FROM unnest(\(parameter)::text[]) v)) AND \(column) = ANY(\(parameter)::text[]))"
    }

    static func selectFeeds(_ db: PostgresSession, _ clause: String,
                            _ values: [any PostgresBindable]) throws(StoreError) -> [FeedRecord] {
        try db.query("SELECT \(feedColumns) FROM feeds \(clause)", values) { (row: PostgresRow) throws(StoreError) in
            try feed(row, server: db.server)
        }
    }

    static func selectItem(_ db: PostgresSession, id: Int64) throws(StoreError) -> StoredItem? {
        try db.queryFirst("SELECT \(itemColumns()) FROM items WHERE id = $1", [id]) { (row: PostgresRow) throws(StoreError) in
            try item(row, server: db.server)
        }
    }
}
