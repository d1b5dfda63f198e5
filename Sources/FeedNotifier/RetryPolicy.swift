import Foundation

/// When a failed delivery is tried again: exponential backoff with jitter, up to a cap, and a
/// limited number of attempts after which the delivery is parked as failed (`feedd hooks`).
///
/// The delay after attempt *n* (counting from 1) is drawn from the upper half of the window
/// `min(cap, base · 2ⁿ⁻¹)` ("equal jitter"): `window/2 + jitter · window/2`. Half of the window is
/// fixed so that a receiver that is down is never retried at once, and the other half is random
/// so that the hundred deliveries a burst of articles queued for one webhook do not all come
/// back in the same second. With the defaults the windows are 30 s, 1, 2, 4, 8, 16 and 32 min,
/// then the eighth failure parks the delivery — roughly an hour of trying in all.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first one included (`max_attempts` in the config).
    public var maxAttempts: Int
    /// The window after the first failed attempt.
    public var base: TimeInterval
    /// The largest window, however many attempts failed.
    public var cap: TimeInterval

    /// The defaults: 8 attempts, 30 s doubling up to 6 h.
    public init(maxAttempts: Int = 8, base: TimeInterval = 30, cap: TimeInterval = 6 * 3600) {
        self.maxAttempts = maxAttempts
        self.base = base
        self.cap = cap
    }

    /// The time of the next try after `attempt` attempts have failed, or `nil` when that was the
    /// last one allowed and the delivery is to be parked.
    ///
    /// - Parameter jitter: a random number in `0..<1` (injected so that tests are exact).
    public func nextAttempt(after attempt: Int, now: Date, jitter: Double) -> Date? {
        guard attempt < maxAttempts else { return nil }
        return now.addingTimeInterval(delay(after: attempt, jitter: jitter))
    }

    /// The largest window any policy uses, in seconds (30 days), whatever `base` and `cap` say: the
    /// next attempt's time must stay a date the store can hold.
    public static let maximumWindow: TimeInterval = 30 * 86_400

    /// The pause after `attempt` failed attempts, before the cap check on attempts; always finite,
    /// within `0...maximumWindow` (a NaN or negative setting counts as no pause).
    public func delay(after attempt: Int, jitter: Double) -> TimeInterval {
        let exponent = Double(min(max(attempt, 1) - 1, 60))
        let raw = min(cap, base * pow(2, exponent))
        let window = raw.isNaN ? 0 : min(max(raw, 0), Self.maximumWindow)
        let fraction = jitter.isNaN ? 0 : min(max(jitter, 0), 1)
        return window / 2 + fraction * window / 2
    }
}
