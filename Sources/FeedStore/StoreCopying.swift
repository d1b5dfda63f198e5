import Foundation

/// One column value as `feedd store copy` moves it between stores: the SQLite store's storage
/// classes, which the PostgreSQL store's column types mirror (dates are seconds since 1970 in both).
public enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A table `feedd store copy` moves, with the columns both stores give it under the same names.
///
/// The search index is not copied: the destination rebuilds it from the items, in its own terms.
public struct CopiedTable: Sendable, Hashable {
    public var name: String
    /// The columns in copy order; the first `keyWidth` are the key rows are exported in order of.
    public var columns: [String]
    /// How many leading columns make the key: 1 (the id) but for tombstones, `(feed_id, identity_key)`.
    public var keyWidth: Int

    public init(name: String, columns: [String], keyWidth: Int = 1) {
        self.name = name
        self.columns = columns
        self.keyWidth = keyWidth
    }

    /// The key columns.
    public var keyColumns: [String] { Array(columns.prefix(keyWidth)) }

    /// A row's key, to export the next batch after it.
    public func key(of row: [StoreValue]) -> [StoreValue] { Array(row.prefix(keyWidth)) }

    /// Every copied table, parents first. `feeds.parent_item_id` points at items, which point at
    /// feeds: an import checks foreign keys at its end, not row by row.
    public static let all: [CopiedTable] = [feeds, items, tombstones, outbox, digestMembers]

    public static let feeds = CopiedTable(name: "feeds", columns: [
        "id", "url", "configured_url", "name", "kind", "parent_item_id", "tags", "active", "retired_reason",
        "interval_seconds", "follow_comments", "comments_window_seconds", "notify_backlog", "keep_seconds",
        "max_items", "etag", "last_modified", "body_hash", "last_status", "last_error", "consecutive_errors",
        "last_fetched_at", "last_success_at", "next_poll_at", "retry_not_before", "poll_count",
        "redirect_candidate_url", "redirect_seen_count", "redirect_seen_poll", "first_success_done", "title",
        "home_page_url", "created_at", "last_listed_at", "gone_count", "gone_since", "gone_seen_poll",
        "claimed_by", "lease_until", "schedule_interval_seconds", "schedule_reason", "hint_ttl_seconds",
        "hint_max_age_seconds", "hint_update_period_seconds", "last_warning",
    ])

    public static let items = CopiedTable(name: "items", columns: [
        "id", "feed_id", "identity_key", "guid", "url", "normalized_url", "title", "authors", "summary",
        "content_html", "content_text", "published", "updated", "first_seen", "last_seen", "sort_date",
        "content_hash", "version", "comments_url", "comments_feed_url", "comment_count", "entry_json",
        "was_backlog", "blocked",
    ])

    /// Keyed by `(feed_id, identity_key)`; exported in that order.
    public static let tombstones = CopiedTable(name: "item_tombstones", columns: [
        "feed_id", "identity_key", "normalized_url", "title", "published", "first_seen", "deleted_at",
    ], keyWidth: 2)

    public static let outbox = CopiedTable(name: "outbox", columns: [
        "id", "item_id", "hook", "event", "delivery_id", "attempts", "next_attempt_at", "last_error",
        "delivered_at", "failed_at", "created_at", "claimed_by", "lease_until", "digest", "last_response",
    ])

    public static let digestMembers = CopiedTable(name: "outbox_digest_members", columns: ["member_id", "digest_id"])
}

/// A store's side of `feedd store copy`: rows out in key order, rows in within one import.
///
/// The copy keeps ids, so delivery ids, identities and comment feeds' articles stay what they
/// were and nothing is announced again. Claims are copied as they are; a copy is made with the
/// daemons stopped, and a lapsed lease is free anyway.
public protocol StoreCopying: Sendable {
    /// Up to `limit` rows of `table` whose key (`table.keyColumns`) comes after `key` (from the
    /// start when nil), in key order, values in `table.columns` order. Paging by key, not by
    /// offset, keeps a copy of half a million items linear.
    func exportRows(_ table: CopiedTable, after key: [StoreValue]?, limit: Int) throws(StoreError) -> [[StoreValue]]
    /// Whether the store holds no feed yet: a copy only goes into an empty store.
    func isEmptyForImport() throws(StoreError) -> Bool
    /// Starts an import: one transaction until `finishImport`, foreign keys checked at its end.
    func beginImport() throws(StoreError)
    /// Adds rows (values in `table.columns` order) inside the import.
    func importRows(_ table: CopiedTable, _ rows: [[StoreValue]]) throws(StoreError)
    /// Rebuilds the search index from the imported items, moves id generators past the copied
    /// ids, and commits.
    func finishImport() throws(StoreError)
    /// Rolls the import back.
    func abortImport()
}
