import Foundation

/// Why a feed's next poll is when it is, as `feedd status` shows it.
public enum IntervalReason: String, Sendable, Hashable, CaseIterable {
    /// The feed's own `interval`, or the daemon's default.
    case configured
    /// `interval = "auto"`: a fraction of the gap between the feed's recent items.
    case auto
    /// The feed's `<ttl>` lengthened the daemon's default interval.
    case ttl
    /// The server's `Cache-Control: max-age` lengthened the daemon's default interval.
    case cacheControl = "cache-control"
    /// The server's `Retry-After` (429, 503) holds the feed back.
    case retryAfter = "retry-after"
    /// Errors in a row: the interval doubles per failure, up to `max_interval`.
    case backoff
    /// A comment feed: the interval grows with its article's age.
    case commentAge = "comment-age"
}

/// What the scheduler decided at a feed's last poll, and the hints it was given: the hints are
/// stored so that a 304 (no body, often no `Cache-Control`) keeps the interval a 200 set.
public struct ScheduleNote: Sendable, Hashable {
    /// The interval the next poll was computed from, before jitter, in seconds.
    public var intervalSeconds: TimeInterval
    public var reason: IntervalReason
    /// The feed's `<ttl>`, in seconds.
    public var ttl: TimeInterval?
    /// The server's `Cache-Control: max-age`, in seconds.
    public var cacheMaxAge: TimeInterval?
    /// `sy:updatePeriod` × `sy:updateFrequency`, in seconds: recorded and shown, never obeyed
    /// (WordPress writes "hourly" on every feed, whatever the site does).
    public var updatePeriod: TimeInterval?

    public init(intervalSeconds: TimeInterval, reason: IntervalReason, ttl: TimeInterval? = nil,
                cacheMaxAge: TimeInterval? = nil, updatePeriod: TimeInterval? = nil) {
        self.intervalSeconds = intervalSeconds
        self.reason = reason
        self.ttl = ttl
        self.cacheMaxAge = cacheMaxAge
        self.updatePeriod = updatePeriod
    }

    /// The hints of a note read from the store, with no decision (a feed never polled yet has none).
    public static func hints(ttl: TimeInterval?, cacheMaxAge: TimeInterval?, updatePeriod: TimeInterval?) -> ScheduleNote {
        ScheduleNote(intervalSeconds: 0, reason: .configured, ttl: ttl, cacheMaxAge: cacheMaxAge, updatePeriod: updatePeriod)
    }
}

extension ScheduleNote {
    /// The note as both stores keep it: a number that is not finite is left out (NULL).
    public var stored: (interval: TimeInterval?, reason: String, ttl: TimeInterval?, cacheMaxAge: TimeInterval?,
                        updatePeriod: TimeInterval?) {
        func storable(_ value: TimeInterval?) -> TimeInterval? { value.flatMap { $0.isFinite ? $0 : nil } }
        return (storable(intervalSeconds), reason.rawValue, storable(ttl), storable(cacheMaxAge), storable(updatePeriod))
    }
}

extension Store {
    /// What a schedule note sets; written in the same transaction as the poll's record.
    static let scheduleColumns = """
        schedule_interval_seconds = ?, schedule_reason = ?, hint_ttl_seconds = ?,
            hint_max_age_seconds = ?, hint_update_period_seconds = ?
        """

    /// The values of `scheduleColumns`, in order.
    static func scheduleValues(_ note: ScheduleNote) -> [any SQLBindable] {
        let stored = note.stored
        return [stored.interval, stored.reason, stored.ttl, stored.cacheMaxAge, stored.updatePeriod]
    }

    /// Writes `note` for the feed, when there is one.
    static func writeSchedule(_ note: ScheduleNote?, feedID: Int64, db: SQLiteConnection) throws(StoreError) {
        guard let note else { return }
        try db.run(scheduleSQL, scheduleValues(note) + [feedID])
    }

    /// The UPDATE of a schedule note alone.
    static let scheduleSQL = "UPDATE feeds SET \(scheduleColumns) WHERE id = ?"

    /// Runs `record` (one poll's UPDATE) and the schedule note in one transaction.
    func recordWithSchedule(_ note: ScheduleNote?, feedID: Int64,
                            _ record: (SQLiteConnection) throws(StoreError) -> Void) throws(StoreError) {
        try withConnection { (db: SQLiteConnection) throws(StoreError) in
            try db.transaction { () throws(StoreError) in
                try record(db)
                if db.changes == 0 { throw StoreError.feedNotFound(path: path, feedID: feedID) }
                try Self.writeSchedule(note, feedID: feedID, db: db)
            }
        }
    }
}
