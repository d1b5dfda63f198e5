import Foundation

/// What the last polls of a feed left behind: validators, status, errors and the schedule.
public struct FetchState: Sendable, Hashable {
    /// The ETag of the last 200, sent back as If-None-Match.
    public var etag: String?
    /// The Last-Modified of the last 200, sent back as If-Modified-Since.
    public var lastModified: String?
    /// A hash of the last body parsed, so an unchanged 200 is not parsed again.
    public var bodyHash: String?
    public var lastStatus: Int?
    public var lastError: String?
    public var consecutiveErrors: Int
    public var lastFetchedAt: Date?
    public var lastSuccessAt: Date?
    public var nextPollAt: Date
    /// A server's `Retry-After`: not even `feedd fetch --all` polls before it.
    public var retryNotBefore: Date?
    /// A permanent-redirect target seen on the last poll(s), not yet adopted.
    public var redirectCandidateURL: String?
    public var redirectSeenCount: Int
    /// Whether an ingest has succeeded once; until then new items are backlog.
    public var firstSuccessDone: Bool
    /// The feed's own title and home page, as the last successful parse gave them.
    public var title: String?
    public var homePageURL: String?

    /// A fetch state as a second store or a test builds it; a feed never polled has the defaults.
    public init(etag: String? = nil, lastModified: String? = nil, bodyHash: String? = nil, lastStatus: Int? = nil,
                lastError: String? = nil, consecutiveErrors: Int = 0, lastFetchedAt: Date? = nil,
                lastSuccessAt: Date? = nil, nextPollAt: Date = Date(timeIntervalSince1970: 0),
                retryNotBefore: Date? = nil, redirectCandidateURL: String? = nil, redirectSeenCount: Int = 0,
                firstSuccessDone: Bool = false, title: String? = nil, homePageURL: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
        self.bodyHash = bodyHash
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.consecutiveErrors = consecutiveErrors
        self.lastFetchedAt = lastFetchedAt
        self.lastSuccessAt = lastSuccessAt
        self.nextPollAt = nextPollAt
        self.retryNotBefore = retryNotBefore
        self.redirectCandidateURL = redirectCandidateURL
        self.redirectSeenCount = redirectSeenCount
        self.firstSuccessDone = firstSuccessDone
        self.title = title
        self.homePageURL = homePageURL
    }
}

extension Store {
    /// Records a 304 Not Modified: the poll succeeded, nothing to parse.
    public func recordNotModified(feedID: Int64, at date: Date, nextPollAt: Date) throws(StoreError) {
        try updateFeed(feedID, Self.notModifiedSQL, [date, date, nextPollAt, feedID])
    }

    /// Records a successful poll with the validators and body hash to send and compare next time.
    ///
    /// Call it after `ingest` of the same body: should the process die between the two, the
    /// next poll fetches and ingests the body again, which dedup makes harmless.
    public func recordSuccess(feedID: Int64, at date: Date, etag: String?, lastModified: String?, bodyHash: String?,
                              status: Int, nextPollAt: Date, feedTitle: String?, homePageURL: String?) throws(StoreError) {
        try recordSuccess(feedID: feedID, SuccessRecord(
            at: date, etag: etag, lastModified: lastModified, bodyHash: bodyHash, status: status, nextPollAt: nextPollAt,
            feedTitle: feedTitle, homePageURL: homePageURL))
    }

    /// Records a successful poll, with its schedule note when it has one, in one transaction.
    public func recordSuccess(feedID: Int64, _ success: SuccessRecord) throws(StoreError) {
        try recordWithSchedule(success.schedule, feedID: feedID) { (db: SQLiteConnection) throws(StoreError) in
            try db.run(Self.successSQL, Self.successValues(feedID: feedID, success))
        }
    }

    /// Records a failed poll (HTTP error, network error, unparsable body) and counts it.
    public func recordFailure(feedID: Int64, at date: Date, status: Int?, error: String, nextPollAt: Date,
                              retryNotBefore: Date?) throws(StoreError) {
        try recordFailure(feedID: feedID, at: date, status: status, error: error, nextPollAt: nextPollAt,
                          retryNotBefore: retryNotBefore, schedule: nil)
    }

    /// Records a failed poll with the schedule note of its backoff.
    public func recordFailure(feedID: Int64, at date: Date, status: Int?, error: String, nextPollAt: Date,
                              retryNotBefore: Date?, schedule: ScheduleNote?) throws(StoreError) {
        try recordWithSchedule(schedule, feedID: feedID) { (db: SQLiteConnection) throws(StoreError) in
            try db.run("""
            UPDATE feeds SET last_fetched_at = ?, last_status = ?, last_error = ?,
                consecutive_errors = consecutive_errors + 1, next_poll_at = ?, retry_not_before = ?,
                poll_count = poll_count + 1
            WHERE id = ?
            """, [date, status, error, nextPollAt, retryNotBefore, feedID])
        }
    }

    /// Records a 410 Gone from the feed's own URL as a failed poll and extends the feed's streak of
    /// them: the streak goes on when the poll recorded just before was a 410 too, and starts again
    /// at this one otherwise. Whether the streak is long enough to retire the feed is the daemon's call.
    public func recordGone(feedID: Int64, at date: Date, error: String, nextPollAt: Date) throws(StoreError) -> GoneStreak {
        try recordGone(feedID: feedID, at: date, error: error, nextPollAt: nextPollAt, schedule: nil)
    }

    /// `recordGone` with the schedule note of the backoff.
    public func recordGone(feedID: Int64, at date: Date, error: String, nextPollAt: Date,
                           schedule: ScheduleNote?) throws(StoreError) -> GoneStreak {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> GoneStreak in
            try db.transaction { () throws(StoreError) -> GoneStreak in
                guard let (count, since, seenPoll, pollCount) = try db.queryFirst(
                    "SELECT gone_count, gone_since, gone_seen_poll, poll_count FROM feeds WHERE id = ?",
                    [feedID], { ($0.int(0), $0.optionalDate(1), $0.optionalInt(2), $0.int(3)) })
                else { throw StoreError.feedNotFound(path: path, feedID: feedID) }
                let continues = seenPoll == pollCount && count > 0 && since != nil
                let streak = continues ? GoneStreak(count: count < Int.max ? count + 1 : count, since: since ?? date)
                    : GoneStreak(count: 1, since: date)
                try db.run("""
                    UPDATE feeds SET last_fetched_at = ?, last_status = 410, last_error = ?,
                        consecutive_errors = consecutive_errors + 1, next_poll_at = ?, retry_not_before = NULL,
                        poll_count = poll_count + 1, gone_count = ?, gone_since = ?, gone_seen_poll = poll_count + 1
                    WHERE id = ?
                    """, [date, error, nextPollAt, streak.count, streak.since, feedID])
                try Self.writeSchedule(schedule, feedID: feedID, db: db)
                return streak
            }
        }
    }

    /// Notes a permanent redirect (301, 308) to `target` seen by this poll, and returns how many
    /// consecutive polls have seen it. Whether to move the feed is the daemon's decision
    /// (`adoptRedirect`); this only keeps the count.
    ///
    /// Polls are counted by the `record…` calls, so this may be called before or after the poll's
    /// `recordSuccess`. A different target, or a poll in between without this call, starts the
    /// count again.
    public func recordRedirectSighting(feedID: Int64, to target: String) throws(StoreError) -> RedirectSighting {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> RedirectSighting in
            try db.transaction { () throws(StoreError) -> RedirectSighting in
                guard let (candidate, seenCount, seenPoll, pollCount) = try db.queryFirst(
                    "SELECT redirect_candidate_url, redirect_seen_count, redirect_seen_poll, poll_count FROM feeds WHERE id = ?",
                    [feedID], { ($0.optionalText(0), $0.int(1), $0.optionalInt(2), $0.int(3)) })
                else { throw StoreError.feedNotFound(path: path, feedID: feedID) }
                let consecutive = candidate == target && seenPoll.map { pollCount - $0 <= 1 } == true
                let count = consecutive && seenCount < Int.max ? seenCount + 1 : 1
                try db.run("""
                    UPDATE feeds SET redirect_candidate_url = ?, redirect_seen_count = ?, redirect_seen_poll = ? WHERE id = ?
                    """, [target, count, pollCount, feedID])
                let taken = try db.queryFirst("SELECT 1 FROM feeds WHERE url = ? AND id != ?", [target, feedID]) { _ in true } ?? false
                return RedirectSighting(target: target, consecutivePolls: count, targetInUse: taken)
            }
        }
    }

    /// Moves the feed to `target` (the daemon decided a permanent redirect is for good); false
    /// when another feed already uses that URL, which the feed then keeps polling through the redirect.
    @discardableResult
    public func adoptRedirect(feedID: Int64, to target: String) throws(StoreError) -> Bool {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> Bool in
            try db.transaction { () throws(StoreError) -> Bool in
                let taken = try db.queryFirst("SELECT 1 FROM feeds WHERE url = ? AND id != ?", [target, feedID]) { _ in true } ?? false
                guard !taken else { return false }
                try db.run("""
                    UPDATE feeds SET url = ?, redirect_candidate_url = NULL, redirect_seen_count = 0,
                        redirect_seen_poll = NULL WHERE id = ?
                    """, [target, feedID])
                if db.changes == 0 { throw StoreError.feedNotFound(path: path, feedID: feedID) }
                return true
            }
        }
    }

    /// Stops polling a feed for good (410 Gone, comment window over); its items stay.
    public func retireFeed(feedID: Int64, reason: String) throws(StoreError) {
        try updateFeed(feedID, "UPDATE feeds SET active = 0, retired_reason = ? WHERE id = ?", [reason, feedID])
    }

    /// Runs one UPDATE of a single feed and fails when the feed does not exist.
    func updateFeed(_ feedID: Int64, _ sql: String, _ values: [any SQLBindable]) throws(StoreError) {
        try withConnection { (db: SQLiteConnection) throws(StoreError) in
            try db.run(sql, values)
            if db.changes == 0 { throw StoreError.feedNotFound(path: path, feedID: feedID) }
        }
    }
}

/// A feed's run of 410 Gone answers from its own URL, with no other poll in between.
public struct GoneStreak: Sendable, Hashable {
    /// How many 410s in a row, this one included.
    public var count: Int
    /// When the first of them came.
    public var since: Date

    public init(count: Int, since: Date) {
        self.count = count
        self.since = since
    }
}

/// What the store knows of a permanent redirect a poll saw: the target, on how many consecutive
/// polls, and whether another feed already uses that URL.
public struct RedirectSighting: Sendable, Hashable {
    public var target: String
    public var consecutivePolls: Int
    public var targetInUse: Bool

    public init(target: String, consecutivePolls: Int, targetInUse: Bool) {
        self.target = target
        self.consecutivePolls = consecutivePolls
        self.targetInUse = targetInUse
    }
}
