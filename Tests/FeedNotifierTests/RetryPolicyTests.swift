import Foundation
import Testing
@testable import FeedNotifier

private let start = Date(timeIntervalSince1970: 1_700_000_000)

@Test func retryDelaysDoubleFromTheBase() {
    let policy = RetryPolicy()
    let delays = (1...7).map { policy.nextAttempt(after: $0, now: start, jitter: 0.999_999)!.timeIntervalSince(start) }
    let windows: [TimeInterval] = [30, 60, 120, 240, 480, 960, 1920]
    for (delay, window) in zip(delays, windows) { #expect(abs(delay - window) < 0.01) }
}

@Test func jitterKeepsAtLeastHalfTheWindow() {
    let policy = RetryPolicy(base: 30)
    #expect(policy.nextAttempt(after: 1, now: start, jitter: 0) == start.addingTimeInterval(15))
    #expect(policy.nextAttempt(after: 3, now: start, jitter: 0.5) == start.addingTimeInterval(90))
}

@Test func retryDelayStopsGrowingAtTheCap() {
    let policy = RetryPolicy(maxAttempts: 100, base: 30, cap: 3600)
    #expect(policy.delay(after: 20, jitter: 0.999_999) <= 3600)
    #expect(policy.delay(after: 99, jitter: 0) == 1800)
}

@Test func deliveryIsParkedAfterMaxAttempts() {
    let policy = RetryPolicy(maxAttempts: 3)
    #expect(policy.nextAttempt(after: 2, now: start, jitter: 0.5) != nil)
    #expect(policy.nextAttempt(after: 3, now: start, jitter: 0.5) == nil)
    #expect(policy.nextAttempt(after: 4, now: start, jitter: 0.5) == nil)
}

@Test(arguments: [(Double.infinity, Double.infinity), (1e300, 1e300), (.nan, 3600), (30, .nan), (-30, 3600)])
func absurdRetrySettingsGiveAFiniteDelayWithinTheMaximumWindow(_ base: TimeInterval, _ cap: TimeInterval) {
    let policy = RetryPolicy(maxAttempts: 100, base: base, cap: cap)
    for attempt in [1, 2, 60, Int.max] {
        let delay = policy.delay(after: attempt, jitter: .nan)
        #expect(delay.isFinite && delay >= 0 && delay <= RetryPolicy.maximumWindow)
    }
}
