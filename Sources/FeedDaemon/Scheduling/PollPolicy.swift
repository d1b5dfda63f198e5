import FeedStore
import Foundation

/// When a main feed is polled next: its configured (or automatic) interval, which `<ttl>` and
/// `Cache-Control: max-age` may lengthen (never shorten) only where the feed leaves the interval to
/// the daemon's default, bounded by the daemon's floor and cap, with a little jitter so that feeds
/// added together do not stay in lock-step. `sy:updatePeriod` lengthens nothing.
///
/// Every input may come from a feed or a server (`<ttl>`, `Cache-Control`, `Retry-After`) or from a
/// stored row, so every function clamps: a NaN, an infinity or a count near `Int.max` gives a poll
/// time within `[minInterval, maxInterval]` of now, never a trap and never a date SQLite cannot store.
public struct PollPolicy: Sendable, Equatable {
    /// No feed is polled more often than this (`min_interval`).
    public var minInterval: TimeInterval
    /// No hint and no backoff pushes a poll further out than this (`max_interval`).
    public var maxInterval: TimeInterval
    /// The share of an interval that jitter may add or remove.
    public static let jitterFraction = 0.1
    /// The most doublings of the error backoff; past it the cap holds anyway.
    public static let maxBackoffDoublings = 20
    /// Used for a floor that is not a finite positive number, in seconds.
    static let fallbackMinInterval: TimeInterval = 60

    public init(minInterval: TimeInterval, maxInterval: TimeInterval) {
        let floor = minInterval.isFinite && minInterval > 0 ? minInterval : PollPolicy.fallbackMinInterval
        self.minInterval = floor
        self.maxInterval = maxInterval.isFinite ? max(maxInterval, floor) : floor
    }

    /// The interval of a feed that uses the daemon's default, after a successful poll: hints may
    /// only lengthen it, and a hostile `ttl` of a year is capped.
    public func interval(configured: TimeInterval, feedHint: TimeInterval?, cacheMaxAge: TimeInterval?) -> TimeInterval {
        interval(for: .daemonDefault(configured), ttl: feedHint, cacheMaxAge: cacheMaxAge, autoEstimate: nil,
                 fallback: configured).seconds
    }

    /// The interval after a successful poll, and why.
    ///
    /// - `setting`: how the config sets the interval.
    /// - `ttl`, `cacheMaxAge`: the feed's and the server's hints, used only where `setting` accepts them.
    /// - `autoEstimate`: `AutoInterval`'s figure for an automatic setting (nil when unknown).
    /// - `fallback`: the interval of an automatic setting while the publishing rate is unknown.
    public func interval(for setting: IntervalSetting, ttl: TimeInterval?, cacheMaxAge: TimeInterval?,
                         autoEstimate: TimeInterval?, fallback: TimeInterval) -> (seconds: TimeInterval, reason: IntervalReason) {
        var chosen: (seconds: TimeInterval, reason: IntervalReason)
        switch setting {
        case .own(let seconds), .daemonDefault(let seconds): chosen = (bounded(seconds), .configured)
        case .ownAuto, .daemonAuto: chosen = (bounded(autoEstimate ?? fallback), .auto)
        }
        guard setting.acceptsHints else { return chosen }
        for (hint, reason) in [(ttl, IntervalReason.ttl), (cacheMaxAge, .cacheControl)] {
            guard let hint, !hint.isNaN else { continue }
            let lengthened = bounded(hint)
            if lengthened > chosen.seconds { chosen = (lengthened, reason) }
        }
        return chosen
    }

    /// The delay after `consecutiveErrors` failures in a row: doubling from the interval, capped.
    public func backoff(interval: TimeInterval, consecutiveErrors: Int) -> TimeInterval {
        let doublings = min(max(consecutiveErrors, 1), PollPolicy.maxBackoffDoublings + 1) - 1
        return bounded(bounded(interval) * pow(2, Double(doublings)))
    }

    /// `now + interval`, moved by up to ±`jitterFraction` of the interval; `unit` is a number in 0..<1
    /// (anything else is clamped into it).
    public func nextPoll(after now: Date, interval: TimeInterval, unit: Double) -> Date {
        let base = bounded(interval)
        let unit = unit.isNaN ? 0.5 : min(max(unit, 0), 1)
        let jittered = base + base * PollPolicy.jitterFraction * (2 * unit - 1)
        return now.addingTimeInterval(max(jittered, minInterval))
    }

    /// A server's "not before" (`Retry-After`) as the schedule may use it: never further than
    /// `maxInterval` from now, and nil when it is not a real moment after now.
    public func retryNotBefore(_ asked: Date?, now: Date) -> Date? {
        guard let asked, asked.timeIntervalSince(now).isFinite, asked > now else { return nil }
        return min(asked, now.addingTimeInterval(maxInterval))
    }

    /// `seconds` within `[minInterval, maxInterval]`; NaN counts as the floor.
    func bounded(_ seconds: TimeInterval) -> TimeInterval {
        seconds.isNaN ? minInterval : min(max(seconds, minInterval), maxInterval)
    }
}
