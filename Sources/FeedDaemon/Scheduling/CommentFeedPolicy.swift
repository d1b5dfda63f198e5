import Foundation

/// How often a per-article comment feed is polled, and when it is retired.
///
/// Comments cluster in the first hours after publication and trail off; polling a week-old article
/// as often as a new one would cost a site a hundred requests per cycle for nothing. So the interval
/// grows with the article's age — a sixth of the age — between the daemon's floor and a ceiling, and
/// the feed is retired once the article is older than the feed's `comments_window`.
public struct CommentFeedPolicy: Sendable, Equatable {
    public var minInterval: TimeInterval
    /// The longest interval between two polls of a young article's comments.
    public var maxInterval: TimeInterval
    /// The article's age divided by this is the interval.
    public static let ageDivisor = 6.0

    public init(minInterval: TimeInterval, maxInterval: TimeInterval) {
        let floor = minInterval.isFinite && minInterval > 0 ? minInterval : PollPolicy.fallbackMinInterval
        self.minInterval = floor
        self.maxInterval = maxInterval.isFinite ? max(floor, maxInterval) : floor
    }

    /// The interval for an article of this age; an age that is not a number (an unreadable date)
    /// gets the longest interval.
    public func interval(articleAge: TimeInterval) -> TimeInterval {
        if articleAge.isNaN { return maxInterval }
        return min(max(articleAge / CommentFeedPolicy.ageDivisor, minInterval), maxInterval)
    }

    /// Whole days in `seconds`, for messages: never negative, and a stored window of any size
    /// (even an infinite one) gives a number instead of a trap.
    public static func wholeDays(_ seconds: TimeInterval) -> Int {
        let days = (seconds / 86_400).rounded(.down)
        guard days.isFinite else { return days > 0 ? maxDaysShown : 0 }
        return Int(min(max(days, 0), Double(maxDaysShown)))
    }

    /// The largest day count `wholeDays` gives, far beyond any real window.
    static let maxDaysShown = 1_000_000_000

    /// True once the article is older than the window: its comment feed is retired.
    public func isExpired(articleAge: TimeInterval, window: TimeInterval) -> Bool {
        articleAge > window
    }

    /// How long a comment feed must have had no new comment before an article that left its main
    /// feed stops being followed.
    public static let quietPeriod: TimeInterval = 2 * 86_400
    /// How far the article's last sighting must lag its feed's latest listing to count as gone: the
    /// store refreshes an unchanged item's sighting only every few hours, so a margin of twice that.
    public static let departureMargin: TimeInterval = 12 * 3600

    /// True when the article is no longer in its main feed and its comments have been quiet: the
    /// site has moved on, and polling the article's comments further is waste.
    public func isAbandoned(articleLastSeen: Date, feedLastListing: Date?, lastComment: Date?,
                            followedSince: Date, now: Date) -> Bool {
        guard hasLeftFeed(articleLastSeen: articleLastSeen, feedLastListing: feedLastListing) else { return false }
        return now.timeIntervalSince(lastComment ?? followedSince) > CommentFeedPolicy.quietPeriod
    }

    /// The first half of `isAbandoned`: the article's last sighting lags its feed's latest listing
    /// by more than the margin. Checked alone first, it spares the comment feed's own activity lookup
    /// on the polls of an article still listed, which are nearly all of them.
    public func hasLeftFeed(articleLastSeen: Date, feedLastListing: Date?) -> Bool {
        guard let feedLastListing else { return false }
        return feedLastListing.timeIntervalSince(articleLastSeen) > CommentFeedPolicy.departureMargin
    }
}
