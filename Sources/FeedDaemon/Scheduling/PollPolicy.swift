import Foundation

/// When a main feed is polled next: its configured interval, lengthened (never shortened) by what the
/// feed and the server ask for, bounded by the daemon's floor and cap, with a little jitter so that
/// feeds added together do not stay in lock-step.
public struct PollPolicy: Sendable, Equatable {
    /// No feed is polled more often than this (`min_interval`).
    public var minInterval: TimeInterval
    /// No hint and no backoff pushes a poll further out than this (`max_interval`).
    public var maxInterval: TimeInterval
    /// The share of an interval that jitter may add or remove.
    public static let jitterFraction = 0.1

    public init(minInterval: TimeInterval, maxInterval: TimeInterval) {
        self.minInterval = minInterval
        self.maxInterval = max(maxInterval, minInterval)
    }

    /// The interval after a successful poll.
    ///
    /// `<ttl>`, `sy:updatePeriod` and `Cache-Control: max-age` are the site telling us how often is
    /// polite; they may only lengthen our own interval, and a hostile `ttl` of a year is capped.
    public func interval(configured: TimeInterval, feedHint: TimeInterval?, cacheMaxAge: TimeInterval?) -> TimeInterval {
        let asked = max(configured, feedHint ?? 0, cacheMaxAge ?? 0)
        return min(max(asked, minInterval), maxInterval)
    }

    /// The delay after `consecutiveErrors` failures in a row: doubling from the interval, capped.
    public func backoff(interval: TimeInterval, consecutiveErrors: Int) -> TimeInterval {
        let exponent = Double(min(max(consecutiveErrors - 1, 0), 20))
        return min(max(interval, minInterval) * pow(2, exponent), maxInterval)
    }

    /// `now + interval`, moved by up to ±`jitterFraction` of the interval; `unit` is a number in 0..<1.
    public func nextPoll(after now: Date, interval: TimeInterval, unit: Double) -> Date {
        let spread = interval * PollPolicy.jitterFraction
        let jittered = interval + spread * (2 * unit - 1)
        return now.addingTimeInterval(max(jittered, minInterval))
    }
}
