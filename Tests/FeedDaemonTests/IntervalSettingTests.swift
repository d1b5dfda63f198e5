import FeedStore
import Foundation
import Testing
@testable import FeedDaemon

/// Which interval a feed gets, and why: its own is final; only the daemon's default takes hints.
struct IntervalSettingTests {
    let policy = PollPolicy(minInterval: 60, maxInterval: 86_400)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aFeedsOwnIntervalIgnoresTTLAndCacheControl() {
        let chosen = policy.interval(for: .own(600), ttl: 7200, cacheMaxAge: 3600, autoEstimate: nil, fallback: 900)
        #expect(chosen.seconds == 600)
        #expect(chosen.reason == .configured)
    }

    @Test func theDaemonDefaultIsLengthenedByTheLongestHint() {
        let ttl = policy.interval(for: .daemonDefault(900), ttl: 7200, cacheMaxAge: 3600, autoEstimate: nil, fallback: 900)
        #expect(ttl.seconds == 7200 && ttl.reason == .ttl)
        let cache = policy.interval(for: .daemonDefault(900), ttl: 60, cacheMaxAge: 3600, autoEstimate: nil, fallback: 900)
        #expect(cache.seconds == 3600 && cache.reason == .cacheControl)
    }

    @Test func anOwnIntervalIsNeverBelowTheFloor() {
        let chosen = policy.interval(for: .own(2), ttl: nil, cacheMaxAge: nil, autoEstimate: nil, fallback: 900)
        #expect(chosen.seconds == 60)
    }

    @Test func autoWithoutAnEstimateUsesTheFallback() {
        let chosen = policy.interval(for: .ownAuto, ttl: nil, cacheMaxAge: nil, autoEstimate: nil, fallback: 900)
        #expect(chosen.seconds == 900 && chosen.reason == .auto)
    }

    @Test func autoIntervalIsAQuarterOfTheMedianGap() {
        let dates = [0.0, 600, 1200, 1800, 100_000].map { now.addingTimeInterval(-$0) }
        #expect(AutoInterval.interval(itemDates: dates) == 150)
    }

    @Test func autoIntervalNeedsThreeDistinctDates() {
        #expect(AutoInterval.interval(itemDates: [now, now.addingTimeInterval(-600)]) == nil)
        #expect(AutoInterval.interval(itemDates: [now, now, now, now]) == nil)
    }
}
