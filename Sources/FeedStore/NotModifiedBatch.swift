import Foundation

/// One 304 to record: the poll succeeded with nothing new, next poll at `nextPollAt`.
public struct NotModifiedRecord: Sendable, Hashable {
    public var feedID: Int64
    public var at: Date
    public var nextPollAt: Date
    /// Why the next poll is then; nil leaves the stored note as it was.
    public var schedule: ScheduleNote?

    public init(feedID: Int64, at: Date, nextPollAt: Date, schedule: ScheduleNote? = nil) {
        self.feedID = feedID
        self.at = at
        self.nextPollAt = nextPollAt
        self.schedule = schedule
    }
}

extension Store {
    /// Records many 304s in one write transaction.
    ///
    /// Each commit of its own costs WAL frames for the feeds page and the schedule index page, file
    /// locks and a share of checkpoints; an all-304 cycle over thousands of feeds spent a quarter of
    /// its CPU on that. A feed deleted while its poll was in flight is skipped: there is nothing to
    /// record. Losing the batch to a crash only means the feeds are polled again.
    public func recordNotModified(_ records: [NotModifiedRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        try withConnection { (db: SQLiteConnection) throws(StoreError) in
            try db.transaction { () throws(StoreError) in
                // One UPDATE per feed, its schedule note included, not two.
                for record in records {
                    guard let note = record.schedule else {
                        try db.run(Self.notModifiedSQL, [record.at, record.at, record.nextPollAt, record.feedID])
                        continue
                    }
                    try db.run(Self.notModifiedWithScheduleSQL,
                               [record.at, record.at, record.nextPollAt] + Self.scheduleValues(note) + [record.feedID])
                }
            }
        }
    }

    /// What one 304 sets.
    static let notModifiedColumns = """
        last_fetched_at = ?, last_success_at = ?, last_status = 304, last_error = NULL,
            consecutive_errors = 0, next_poll_at = ?, retry_not_before = NULL, poll_count = poll_count + 1
        """

    /// The UPDATE of one 304, shared by the single and the batched call.
    static let notModifiedSQL = "UPDATE feeds SET \(notModifiedColumns) WHERE id = ?"

    /// The same with the poll's schedule note.
    static let notModifiedWithScheduleSQL = "UPDATE feeds SET \(notModifiedColumns), \(scheduleColumns) WHERE id = ?"
}
