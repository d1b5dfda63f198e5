import FeedStore
import Foundation

/// When 410 Gone answers retire a feed.
///
/// One 410 is not enough: a site being rebuilt, a CDN's bad hour or a misrouted request answer
/// 410 for a while and then serve the feed again, and a retired feed is not polled again until the
/// operator re-adds it. So only a 410 from the feed's own URL counts (a temporary redirect's target
/// saying 410 is that target's business, an ordinary error), and the feed is retired once such
/// answers came `answersToRetire` times in a row over at least `spanToRetire`; until then the
/// ordinary error backoff spaces the polls.
public enum GoneRetirement {
    /// 410s in a row, with no other answer in between, before a feed is retired.
    public static let answersToRetire = 3
    /// The least time from the first 410 of the streak to the one that retires the feed, in seconds.
    public static let spanToRetire: TimeInterval = 86_400

    /// True when the streak is long enough, in answers and in time, to retire the feed at `now`.
    public static func shouldRetire(_ streak: GoneStreak, now: Date) -> Bool {
        streak.count >= answersToRetire && now.timeIntervalSince(streak.since) >= spanToRetire
    }
}
