import FeedModel
import Foundation

/// A successful poll as `recordSuccess` stores it: when, the validators and body hash for next
/// time, the status, the next poll and the feed's own title and home page.
public struct SuccessRecord: Sendable, Hashable {
    public var at: Date
    public var etag: String?
    public var lastModified: String?
    public var bodyHash: String?
    public var status: Int
    public var nextPollAt: Date
    public var feedTitle: String?
    public var homePageURL: String?
    /// Why the next poll is then; nil leaves the stored note as it was.
    public var schedule: ScheduleNote?
    /// What the parse of this body warned about, one line; written by the combined `ingest` only
    /// (a 304 or an unchanged body keeps the last parse's warning, since the body is the same).
    public var warning: String?

    public init(at: Date, etag: String?, lastModified: String?, bodyHash: String?, status: Int, nextPollAt: Date,
                feedTitle: String?, homePageURL: String?, schedule: ScheduleNote? = nil) {
        self.schedule = schedule
        self.at = at
        self.etag = etag
        self.lastModified = lastModified
        self.bodyHash = bodyHash
        self.status = status
        self.nextPollAt = nextPollAt
        self.feedTitle = feedTitle
        self.homePageURL = homePageURL
    }
}

extension Store {
    /// Stores one fetch's entries and records the poll's success in the same write transaction.
    ///
    /// The same as `ingest` then `recordSuccess`, with one commit instead of two (each commit
    /// costs WAL frames, file locks and a share of checkpoints), and the validators can never be
    /// recorded without the items of their body.
    public func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date,
                       recordingSuccess success: SuccessRecord, policy: any IngestPolicy) throws(StoreError) -> IngestResult {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> IngestResult in
            try db.transaction { () throws(StoreError) -> IngestResult in
                try Self.ingest(db, feedID: feedID, entries: entries, routes: routes, now: now, recordingSuccess: success,
                                policy: policy)
            }
        }
    }

    /// The body of the combined `ingest`, inside a transaction (or savepoint) the caller holds.
    static func ingest(_ db: SQLiteConnection, feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date,
                       recordingSuccess success: SuccessRecord, policy: any IngestPolicy) throws(StoreError) -> IngestResult {
        var searchRows: [SearchIndex.Row] = []
        let result = try ingest(db, feedID: feedID, entries: entries, routes: routes, now: now, recordingSuccess: success,
                                policy: policy, deferringSearch: &searchRows)
        try SearchIndex.add(db, searchRows)
        return result
    }

    /// The combined ingest, with its search-index rows appended to `searchRows` instead of written.
    static func ingest(_ db: SQLiteConnection, feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date,
                       recordingSuccess success: SuccessRecord, policy: any IngestPolicy,
                       deferringSearch searchRows: inout [SearchIndex.Row]) throws(StoreError) -> IngestResult {
        let result = try ingestItems(db, feedID: feedID, entries: entries, routes: routes, now: now, policy: policy,
                                     deferringSearch: &searchRows)
        // One UPDATE of the feed row for the ingest, the poll, its schedule and the parse's
        // warning, not four: each statement on the row rewrites it and its index entries.
        let values = successValues(success) + [now, success.warning]
        guard let note = success.schedule else {
            try db.run(ingestSuccessSQL, values + [feedID])
            return result
        }
        try db.run(ingestSuccessWithScheduleSQL, values + scheduleValues(note) + [feedID])
        return result
    }

    /// The UPDATE of an ingest with its poll's success and the parse's warning.
    static let ingestSuccessSQL = "UPDATE feeds SET \(successColumns), \(listedColumns), last_warning = ? WHERE id = ?"

    /// The same with the poll's schedule note.
    static let ingestSuccessWithScheduleSQL = """
        UPDATE feeds SET \(successColumns), \(listedColumns), last_warning = ?, \(scheduleColumns) WHERE id = ?
        """

    /// What a successful poll sets, shared by `recordSuccess` and the combined `ingest`.
    static let successColumns = """
        last_fetched_at = ?, last_success_at = ?, etag = ?, last_modified = ?, body_hash = ?,
            last_status = ?, last_error = NULL, consecutive_errors = 0, next_poll_at = ?, retry_not_before = NULL,
            title = coalesce(?, title), home_page_url = coalesce(?, home_page_url), poll_count = poll_count + 1
        """

    /// The UPDATE of a successful poll alone (`recordSuccess`).
    static let successSQL = "UPDATE feeds SET \(successColumns) WHERE id = ?"

    static func successValues(feedID: Int64, _ success: SuccessRecord) -> [any SQLBindable] {
        successValues(success) + [feedID]
    }

    /// The values of `successColumns`, in order.
    static func successValues(_ success: SuccessRecord) -> [any SQLBindable] {
        [success.at, success.at, success.etag, success.lastModified, success.bodyHash, success.status,
         success.nextPollAt, success.feedTitle, success.homePageURL]
    }
}
