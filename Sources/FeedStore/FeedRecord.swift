import Foundation

/// One row of `feeds`: a configured main feed or a per-article comment feed, with its settings and fetch state.
public struct FeedRecord: Sendable, Hashable {
    /// A main feed comes from the config; a comment feed is registered by an article of a main feed.
    public enum Kind: String, Sendable, Hashable, Codable {
        case main
        case comments
    }

    public var id: Int64
    /// The URL polled; a permanent redirect seen twice replaces it.
    public var url: String
    /// The URL as the config names it, so a redirected feed still matches its config entry.
    public var configuredURL: String?
    public var name: String
    public var kind: Kind
    /// For a comment feed: the article it belongs to (nil once that article has been deleted).
    public var parentItemID: Int64?
    public var tags: [String]
    public var isActive: Bool
    /// Why an inactive feed stopped: removed from the config, 410 Gone, comment window over, ...
    public var retiredReason: String?
    /// The configured poll interval; nil means the daemon's default.
    public var interval: TimeInterval?
    public var followComments: Bool
    public var commentsWindow: TimeInterval
    public var notifyBacklog: Bool
    /// Retention: items not seen in the feed for this long are deleted (nil keeps them forever).
    public var keep: TimeInterval?
    /// Retention: at most this many items are kept (nil for no limit).
    public var maxItems: Int?
    public var fetchState: FetchState
    public var createdAt: Date
    /// What the scheduler decided at the last poll and the hints it was given (nil before the first poll).
    public var schedule: ScheduleNote?

    /// A feed as a second store or a planner test builds it, without a database row.
    public init(id: Int64, url: String, name: String, kind: Kind, parentItemID: Int64? = nil,
                configuredURL: String? = nil, tags: [String] = [], isActive: Bool = true, retiredReason: String? = nil,
                interval: TimeInterval? = nil, followComments: Bool = true, commentsWindow: TimeInterval,
                notifyBacklog: Bool = false, keep: TimeInterval? = nil, maxItems: Int? = nil,
                fetchState: FetchState = FetchState(), createdAt: Date) {
        self.id = id
        self.url = url
        self.configuredURL = configuredURL
        self.name = name
        self.kind = kind
        self.parentItemID = parentItemID
        self.tags = tags
        self.isActive = isActive
        self.retiredReason = retiredReason
        self.interval = interval
        self.followComments = followComments
        self.commentsWindow = commentsWindow
        self.notifyBacklog = notifyBacklog
        self.keep = keep
        self.maxItems = maxItems
        self.fetchState = fetchState
        self.createdAt = createdAt
    }

    static let columns = """
        id, url, configured_url, name, kind, parent_item_id, tags, active, retired_reason, interval_seconds,
        follow_comments, comments_window_seconds, notify_backlog, keep_seconds, max_items,
        etag, last_modified, body_hash, last_status, last_error, consecutive_errors, last_fetched_at,
        last_success_at, next_poll_at, retry_not_before, redirect_candidate_url, redirect_seen_count,
        first_success_done, title, home_page_url, created_at,
        schedule_interval_seconds, schedule_reason, hint_ttl_seconds, hint_max_age_seconds, hint_update_period_seconds
        """

    /// Reads a row selected with `columns`, in that order.
    init(row: Row, path: String) throws(StoreError) {
        id = row.int64(0)
        url = row.text(1)
        configuredURL = row.optionalText(2)
        name = row.text(3)
        kind = Kind(rawValue: row.text(4)) ?? .main
        parentItemID = row.optionalInt64(5)
        tags = try TagsColumn.decode(row.text(6), path: path, feedID: id)
        isActive = row.bool(7)
        retiredReason = row.optionalText(8)
        interval = row.optionalDouble(9)
        followComments = row.bool(10)
        commentsWindow = row.double(11)
        notifyBacklog = row.bool(12)
        keep = row.optionalDouble(13)
        maxItems = row.optionalInt(14)
        fetchState = FetchState(
            etag: row.optionalText(15), lastModified: row.optionalText(16), bodyHash: row.optionalText(17),
            lastStatus: row.optionalInt(18), lastError: row.optionalText(19), consecutiveErrors: row.int(20),
            lastFetchedAt: row.optionalDate(21), lastSuccessAt: row.optionalDate(22), nextPollAt: row.date(23),
            retryNotBefore: row.optionalDate(24), redirectCandidateURL: row.optionalText(25),
            redirectSeenCount: row.int(26), firstSuccessDone: row.bool(27), title: row.optionalText(28),
            homePageURL: row.optionalText(29))
        createdAt = row.date(30)
        let hints = ScheduleNote.hints(ttl: row.optionalDouble(33), cacheMaxAge: row.optionalDouble(34),
                                       updatePeriod: row.optionalDouble(35))
        if let interval = row.optionalDouble(31), let reason = row.optionalText(32).flatMap(IntervalReason.init) {
            schedule = ScheduleNote(intervalSeconds: interval, reason: reason, ttl: hints.ttl,
                                    cacheMaxAge: hints.cacheMaxAge, updatePeriod: hints.updatePeriod)
        } else if hints.ttl != nil || hints.cacheMaxAge != nil || hints.updatePeriod != nil {
            schedule = hints
        }
    }
}
