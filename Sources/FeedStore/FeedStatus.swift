import Foundation

/// One line of `feedd status`: a feed's schedule, health and size.
public struct FeedStatus: Sendable, Hashable {
    /// Whether a feed is polled: `active`, `paused` (`paused = true` in the config, or its main feed
    /// paused) or `retired` (410 Gone, comment window over, removed from the config).
    public enum State: String, Sendable, Hashable {
        case active, paused, retired
    }

    /// The article a comment feed belongs to.
    public struct Article: Sendable, Hashable {
        public var id: Int64
        /// The main feed that lists the article.
        public var feedID: Int64
        public var title: String?
        public var url: String?
    }

    public var feedID: Int64
    public var name: String
    public var url: String
    public var kind: FeedRecord.Kind
    public var isActive: Bool
    public var lastFetchedAt: Date?
    public var lastStatus: Int?
    public var itemCount: Int
    public var nextPollAt: Date
    public var lastError: String?
    public var consecutiveErrors: Int
    /// Why an inactive feed stopped (410 Gone, removed from the config, comment window over).
    public var retiredReason: String?
    /// What the scheduler decided at the last poll, and the hints it was given.
    public var schedule: ScheduleNote?
    /// A server's `Retry-After`: no poll before it.
    public var retryNotBefore: Date?
    /// For a comment feed: its article (nil for a main feed, or once the article was deleted).
    public var article: Article?
    /// The feed's own title, as its last parse gave it.
    public var title: String?
    /// What the last parse warned about (the feed needed recovery, say), one line.
    public var lastWarning: String?

    /// A row with the fetch state a feed has before its first poll (and no schedule, article or title).
    public init(feedID: Int64, name: String, url: String, kind: FeedRecord.Kind, isActive: Bool, lastFetchedAt: Date?,
                lastStatus: Int?, itemCount: Int, nextPollAt: Date, lastError: String?, consecutiveErrors: Int,
                retiredReason: String?, retryNotBefore: Date? = nil, title: String? = nil) {
        self.feedID = feedID
        self.name = name
        self.url = url
        self.kind = kind
        self.isActive = isActive
        self.lastFetchedAt = lastFetchedAt
        self.lastStatus = lastStatus
        self.itemCount = itemCount
        self.nextPollAt = nextPollAt
        self.lastError = lastError
        self.consecutiveErrors = consecutiveErrors
        self.retiredReason = retiredReason
        self.retryNotBefore = retryNotBefore
        self.title = title
    }

    public var state: State {
        if isActive { return .active }
        if retiredReason == Store.pausedReason || retiredReason == Store.parentPaused { return .paused }
        return .retired
    }

    /// When the feed is polled next: its poll time, or a later `Retry-After`.
    public var effectiveNextPoll: Date {
        max(nextPollAt, retryNotBefore ?? nextPollAt)
    }
}

extension Store {
    /// Status of every feed, main feeds and their comment feeds, in id order.
    public func statusRows() throws(StoreError) -> [FeedStatus] {
        try withConnection { (db: SQLiteConnection) throws(StoreError) -> [FeedStatus] in
            try db.query("""
                SELECT f.id, f.name, f.url, f.kind, f.active, f.last_fetched_at, f.last_status,
                    (SELECT count(*) FROM items i WHERE i.feed_id = f.id), f.next_poll_at, f.last_error, f.consecutive_errors,
                    f.retired_reason, f.schedule_interval_seconds, f.schedule_reason, f.hint_ttl_seconds,
                    f.hint_max_age_seconds, f.hint_update_period_seconds, f.retry_not_before,
                    a.id, a.feed_id, a.title, a.url, f.title, f.last_warning
                FROM feeds f LEFT JOIN items a ON a.id = f.parent_item_id ORDER BY f.id
                """) { row in
                var status = FeedStatus(
                    feedID: row.int64(0), name: row.text(1), url: row.text(2),
                    kind: FeedRecord.Kind(rawValue: row.text(3)) ?? .main, isActive: row.bool(4),
                    lastFetchedAt: row.optionalDate(5), lastStatus: row.optionalInt(6), itemCount: row.int(7),
                    nextPollAt: row.date(8), lastError: row.optionalText(9), consecutiveErrors: row.int(10),
                    retiredReason: row.optionalText(11), retryNotBefore: row.optionalDate(17), title: row.optionalText(22))
                status.lastWarning = row.optionalText(23)
                let hints = ScheduleNote.hints(ttl: row.optionalDouble(14), cacheMaxAge: row.optionalDouble(15),
                                               updatePeriod: row.optionalDouble(16))
                if let interval = row.optionalDouble(12), let reason = row.optionalText(13).flatMap(IntervalReason.init) {
                    status.schedule = ScheduleNote(intervalSeconds: interval, reason: reason, ttl: hints.ttl,
                                                   cacheMaxAge: hints.cacheMaxAge, updatePeriod: hints.updatePeriod)
                }
                if let articleID = row.optionalInt64(18) {
                    status.article = FeedStatus.Article(id: articleID, feedID: row.int64(19), title: row.optionalText(20),
                                                        url: row.optionalText(21))
                }
                return status
            }
        }
    }
}
