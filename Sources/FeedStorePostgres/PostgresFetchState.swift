import FeedModel
import FeedStore
import Foundation

extension PostgresStore {
    /// What one 304 sets, with parameters $1 and $2; the feed's id is $3.
    static let notModifiedColumns = """
        last_fetched_at = $1, last_success_at = $1, last_status = 304, last_error = NULL,
            consecutive_errors = 0, next_poll_at = $2, retry_not_before = NULL, poll_count = poll_count + 1
        """

    static let notModifiedSQL = "UPDATE feeds SET \(notModifiedColumns) WHERE id = $3"

    /// The same with the poll's schedule note as $4 to $8.
    static let notModifiedWithScheduleSQL = "UPDATE feeds SET \(notModifiedColumns), \(scheduleColumns(from: 4)) WHERE id = $3"

    /// What a successful poll sets, with parameters $1 to $8; `successValues` adds the feed's id as $9.
    static let successColumns = """
        last_fetched_at = $1, last_success_at = $1, etag = $2, last_modified = $3, body_hash = $4,
            last_status = $5, last_error = NULL, consecutive_errors = 0, next_poll_at = $6, retry_not_before = NULL,
            title = coalesce($7, title), home_page_url = coalesce($8, home_page_url), poll_count = poll_count + 1
        """

    static let successSQL = "UPDATE feeds SET \(successColumns) WHERE id = $9"

    static func successValues(feedID: Int64, _ success: SuccessRecord) -> [any PostgresBindable] {
        [success.at, success.etag, success.lastModified, success.bodyHash, success.status, success.nextPollAt,
         success.feedTitle, success.homePageURL, feedID]
    }

    /// Records a 304 Not Modified: the poll succeeded, nothing to parse.
    public func recordNotModified(feedID: Int64, at date: Date, nextPollAt: Date) throws(StoreError) {
        try recordWithSchedule(nil, feedID: feedID) { (db: PostgresSession) throws(StoreError) -> Int in
            try db.run(Self.notModifiedSQL, [date, nextPollAt, feedID])
        }
    }

    /// Many 304s in one transaction; a feed deleted while its poll was in flight is skipped.
    public func recordNotModified(_ records: [NotModifiedRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        try inTransaction { (db: PostgresSession) throws(StoreError) in
            // One UPDATE (one round trip) per feed, its schedule note included.
            for record in records {
                guard let note = record.schedule else {
                    try db.run(Self.notModifiedSQL, [record.at, record.nextPollAt, record.feedID])
                    continue
                }
                try db.run(Self.notModifiedWithScheduleSQL,
                           [record.at, record.nextPollAt, record.feedID] + Self.scheduleValues(note))
            }
        }
    }

    /// Records a successful poll with the validators to send next time.
    public func recordSuccess(feedID: Int64, at date: Date, etag: String?, lastModified: String?, bodyHash: String?,
                              status: Int, nextPollAt: Date, feedTitle: String?, homePageURL: String?) throws(StoreError) {
        try recordSuccess(feedID: feedID, SuccessRecord(
            at: date, etag: etag, lastModified: lastModified, bodyHash: bodyHash, status: status, nextPollAt: nextPollAt,
            feedTitle: feedTitle, homePageURL: homePageURL))
    }

    /// Records a successful poll with its schedule note, in one transaction.
    public func recordSuccess(feedID: Int64, _ success: SuccessRecord) throws(StoreError) {
        try recordWithSchedule(success.schedule, feedID: feedID) { (db: PostgresSession) throws(StoreError) -> Int in
            try db.run(Self.successSQL, Self.successValues(feedID: feedID, success))
        }
    }

    /// Records a failed poll, counted in `consecutiveErrors`.
    public func recordFailure(feedID: Int64, at date: Date, status: Int?, error: String, nextPollAt: Date,
                              retryNotBefore: Date?) throws(StoreError) {
        try recordFailure(feedID: feedID, at: date, status: status, error: error, nextPollAt: nextPollAt,
                          retryNotBefore: retryNotBefore, schedule: nil)
    }

    /// Records a 410 Gone without a schedule note; see the other `recordGone`.
    public func recordGone(feedID: Int64, at date: Date, error: String, nextPollAt: Date) throws(StoreError) -> GoneStreak {
        try recordGone(feedID: feedID, at: date, error: error, nextPollAt: nextPollAt, schedule: nil)
    }

    /// Records a failed poll, counted in `consecutiveErrors`, with the schedule note of its backoff.
    public func recordFailure(feedID: Int64, at date: Date, status: Int?, error: String, nextPollAt: Date,
                              retryNotBefore: Date?, schedule: ScheduleNote?) throws(StoreError) {
        try recordWithSchedule(schedule, feedID: feedID) { (db: PostgresSession) throws(StoreError) -> Int in
            try db.run("""
                UPDATE feeds SET last_fetched_at = $1, last_status = $2, last_error = $3,
                    consecutive_errors = consecutive_errors + 1, next_poll_at = $4, retry_not_before = $5,
                    poll_count = poll_count + 1
                WHERE id = $6
                """, [date, status, error, nextPollAt, retryNotBefore, feedID])
        }
    }

    /// Records a 410 Gone and extends the feed's streak of them (the row is locked while it is read and written).
    public func recordGone(feedID: Int64, at date: Date, error: String, nextPollAt: Date,
                           schedule: ScheduleNote?) throws(StoreError) -> GoneStreak {
        try inTransaction { (db: PostgresSession) throws(StoreError) -> GoneStreak in
            guard let (count, since, seenPoll, pollCount) = try db.queryFirst(
                "SELECT gone_count, gone_since, gone_seen_poll, poll_count FROM feeds WHERE id = $1 FOR UPDATE",
                [feedID], { ($0.int(0), $0.optionalDate(1), $0.optionalInt(2), $0.int(3)) })
            else { throw StoreError.feedNotFound(path: server, feedID: feedID) }
            let continues = seenPoll == pollCount && count > 0 && since != nil
            let streak = continues ? GoneStreak(count: count < Int.max ? count + 1 : count, since: since ?? date)
                : GoneStreak(count: 1, since: date)
            try db.run("""
                UPDATE feeds SET last_fetched_at = $1, last_status = 410, last_error = $2,
                    consecutive_errors = consecutive_errors + 1, next_poll_at = $3, retry_not_before = NULL,
                    poll_count = poll_count + 1, gone_count = $4, gone_since = $5, gone_seen_poll = poll_count + 1
                WHERE id = $6
                """, [date, error, nextPollAt, streak.count, streak.since, feedID])
            try Self.writeSchedule(schedule, feedID: feedID, db: db)
            return streak
        }
    }

    /// Notes a permanent redirect this poll saw; how many consecutive polls saw it.
    public func recordRedirectSighting(feedID: Int64, to target: String) throws(StoreError) -> RedirectSighting {
        try inTransaction { (db: PostgresSession) throws(StoreError) -> RedirectSighting in
            guard let (candidate, seenCount, seenPoll, pollCount) = try db.queryFirst("""
                SELECT redirect_candidate_url, redirect_seen_count, redirect_seen_poll, poll_count FROM feeds
                WHERE id = $1 FOR UPDATE
                """, [feedID], { ($0.optionalText(0), $0.int(1), $0.optionalInt(2), $0.int(3)) })
            else { throw StoreError.feedNotFound(path: server, feedID: feedID) }
            let consecutive = candidate == target && seenPoll.map { pollCount - $0 <= 1 } == true
            let count = consecutive && seenCount < Int.max ? seenCount + 1 : 1
            try db.run("""
                UPDATE feeds SET redirect_candidate_url = $1, redirect_seen_count = $2, redirect_seen_poll = $3 WHERE id = $4
                """, [target, count, pollCount, feedID])
            let taken = try db.queryFirst("SELECT 1 FROM feeds WHERE \(PostgresRecords.equals("url", "$1")) AND id <> $2", [target, feedID]) { _ in true } ?? false
            return RedirectSighting(target: target, consecutivePolls: count, targetInUse: taken)
        }
    }

    /// Another feed taking the same URL between the check and the update (two daemons adopting
    /// one target, a comment feed registered at that moment) ends in the unique index: that is
    /// the same answer, the URL is taken.
    @discardableResult
    public func adoptRedirect(feedID: Int64, to target: String) throws(StoreError) -> Bool {
        do {
            return try adoptRedirectIfFree(feedID: feedID, to: target)
        } catch {
            if case .postgres(_, _, "23505", _) = error { return false }
            throw error
        }
    }

    private func adoptRedirectIfFree(feedID: Int64, to target: String) throws(StoreError) -> Bool {
        try inTransaction { (db: PostgresSession) throws(StoreError) -> Bool in
            let taken = try db.queryFirst("SELECT 1 FROM feeds WHERE \(PostgresRecords.equals("url", "$1")) AND id <> $2", [target, feedID]) { _ in true } ?? false
            guard !taken else { return false }
            let changed = try db.run("""
                UPDATE feeds SET url = $1, redirect_candidate_url = NULL, redirect_seen_count = 0,
                    redirect_seen_poll = NULL WHERE id = $2
                """, [target, feedID])
            if changed == 0 { throw StoreError.feedNotFound(path: server, feedID: feedID) }
            return true
        }
    }

    /// Stops polling a feed for good; its items stay.
    public func retireFeed(feedID: Int64, reason: String) throws(StoreError) {
        try withSession { (db: PostgresSession) throws(StoreError) in
            if try db.run("UPDATE feeds SET active = 0, retired_reason = $1 WHERE id = $2", [reason, feedID]) == 0 {
                throw StoreError.feedNotFound(path: server, feedID: feedID)
            }
        }
    }

    /// Polls a retired main feed again (`feedd resume`); why it had been retired, or nil.
    public func reviveFeed(named name: String, now: Date) throws(StoreError) -> String? {
        try inTransaction { (db: PostgresSession) throws(StoreError) -> String? in
            guard let (id, reason) = try db.queryFirst("""
                SELECT id, retired_reason FROM feeds WHERE kind = 'main' AND name = $1 AND active = 0
                    AND coalesce(retired_reason, '') NOT IN ($2, $3)
                ORDER BY id LIMIT 1
                """, [name, Store.removedFromConfig, Store.pausedReason], { ($0.int64(0), $0.optionalText(1)) })
            else { return nil }
            try db.run("""
                UPDATE feeds SET active = 1, retired_reason = NULL, next_poll_at = least(next_poll_at, $1),
                    retry_not_before = NULL, consecutive_errors = 0, gone_count = 0, gone_since = NULL,
                    gone_seen_poll = NULL
                WHERE id = $2
                """, [now, id])
            return reason ?? "no reason recorded"
        }
    }

    /// Writes a schedule note.
    static func writeSchedule(_ note: ScheduleNote?, feedID: Int64, db: PostgresSession) throws(StoreError) {
        guard let note else { return }
        try db.run(scheduleSQL, scheduleValues(note) + [feedID])
    }

    /// The UPDATE of a schedule note alone.
    static let scheduleSQL = "UPDATE feeds SET \(scheduleColumns(from: 1)) WHERE id = $6"

    /// What a schedule note sets, its parameters numbered from `first`.
    static func scheduleColumns(from first: Int) -> String {
        """
        schedule_interval_seconds = $\(first), schedule_reason = $\(first + 1), hint_ttl_seconds = $\(first + 2),
            hint_max_age_seconds = $\(first + 3), hint_update_period_seconds = $\(first + 4)
        """
    }

    /// The values of `scheduleColumns`, in order.
    static func scheduleValues(_ note: ScheduleNote) -> [any PostgresBindable] {
        let stored = note.stored
        return [stored.interval, stored.reason, stored.ttl, stored.cacheMaxAge, stored.updatePeriod]
    }

    /// Runs one poll's UPDATE and its schedule note in one transaction; fails for a feed that does not exist.
    func recordWithSchedule(_ note: ScheduleNote?, feedID: Int64,
                            _ record: (PostgresSession) throws(StoreError) -> Int) throws(StoreError) {
        try inTransaction { (db: PostgresSession) throws(StoreError) in
            if try record(db) == 0 { throw StoreError.feedNotFound(path: server, feedID: feedID) }
            try Self.writeSchedule(note, feedID: feedID, db: db)
        }
    }
}
