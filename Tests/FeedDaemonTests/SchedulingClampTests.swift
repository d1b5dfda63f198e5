import FeedStore
import Foundation
import Testing
@testable import FeedDaemon

/// The schedule's arithmetic clamps what feeds, servers and stored rows hand it: no trap, no NaN
/// date, no poll time beyond the cap.
@Suite struct SchedulingClampTests {
    let policy = PollPolicy(minInterval: 300, maxInterval: 86_400)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func backoffOfAnErrorCountNearIntMaxIsTheCap() {
        #expect(policy.backoff(interval: 900, consecutiveErrors: Int.max) == 86_400)
    }

    @Test func backoffOfANegativeErrorCountIsTheInterval() {
        #expect(policy.backoff(interval: 900, consecutiveErrors: Int.min) == 900)
    }

    @Test func backoffOfANaNOrInfiniteIntervalStaysWithinTheBounds() {
        #expect(policy.backoff(interval: .nan, consecutiveErrors: 1) == 300)
        #expect(policy.backoff(interval: .infinity, consecutiveErrors: 3) == 86_400)
    }

    @Test func intervalIgnoresANaNHintAndCapsAnInfiniteOne() {
        #expect(policy.interval(configured: 900, feedHint: .nan, cacheMaxAge: nil) == 900)
        #expect(policy.interval(configured: 900, feedHint: .infinity, cacheMaxAge: nil) == 86_400)
        #expect(policy.interval(configured: .nan, feedHint: nil, cacheMaxAge: nil) == 300)
    }

    @Test func nextPollOfANaNOrInfiniteIntervalIsAFiniteDateWithinTheCap() {
        for interval in [TimeInterval.nan, .infinity, -.infinity] {
            let delay = policy.nextPoll(after: now, interval: interval, unit: 0.5).timeIntervalSince(now)
            #expect(delay.isFinite && delay >= 300 && delay <= 86_400 * 1.1, "\(interval) gave \(delay)")
        }
    }

    @Test func nextPollClampsAJitterUnitOutsideZeroToOne() {
        for unit in [Double.nan, .infinity, -5, 7] {
            let delay = policy.nextPoll(after: now, interval: 1000, unit: unit).timeIntervalSince(now)
            #expect(delay >= 900 && delay <= 1100, "\(unit) gave \(delay)")
        }
    }

    @Test func retryAfterFarInTheFutureIsCappedAtTheMaxInterval() {
        let asked = Date(timeIntervalSince1970: 9e15)
        #expect(policy.retryNotBefore(asked, now: now) == now.addingTimeInterval(86_400))
    }

    @Test func retryAfterInThePastOrNotANumberIsIgnored() {
        #expect(policy.retryNotBefore(now.addingTimeInterval(-60), now: now) == nil)
        #expect(policy.retryNotBefore(Date(timeIntervalSince1970: .nan), now: now) == nil)
        #expect(policy.retryNotBefore(Date(timeIntervalSince1970: .infinity), now: now) == nil)
    }

    @Test func policyWithNonFiniteBoundsFallsBackToFiniteOnes() {
        let broken = PollPolicy(minInterval: .nan, maxInterval: .infinity)
        #expect(broken.minInterval.isFinite && broken.minInterval > 0)
        #expect(broken.maxInterval.isFinite && broken.maxInterval >= broken.minInterval)
        let comments = CommentFeedPolicy(minInterval: -.infinity, maxInterval: .nan)
        #expect(comments.minInterval.isFinite && comments.minInterval > 0 && comments.maxInterval.isFinite)
    }

    @Test func commentFeedIntervalOfANaNAgeIsTheCeiling() {
        let comments = CommentFeedPolicy(minInterval: 300, maxInterval: 3600)
        #expect(comments.interval(articleAge: .nan) == 3600)
        #expect(comments.interval(articleAge: -.infinity) == 300)
    }

    @Test func wholeDaysOfAnyStoredWindowIsANumber() {
        #expect(CommentFeedPolicy.wholeDays(7 * 86_400) == 7)
        #expect(CommentFeedPolicy.wholeDays(.infinity) == CommentFeedPolicy.maxDaysShown)
        #expect(CommentFeedPolicy.wholeDays(1e300) == CommentFeedPolicy.maxDaysShown)
        #expect(CommentFeedPolicy.wholeDays(.nan) == 0)
        #expect(CommentFeedPolicy.wholeDays(-86_400) == 0)
    }

    @Test func roundsStartAtLeastTheMinimumSpacingApart() {
        let pacing = RoundPacing()
        #expect(pacing.earliestNextStart(roundStart: now, roundEnd: now) == now.addingTimeInterval(RoundPacing.minimumSpacing))
    }

    @Test func thePauseAfterFailedRoundsDoublesUpToItsCap() {
        var pacing = RoundPacing()
        var pauses: [TimeInterval] = []
        for _ in 0..<10 {
            pacing.roundFinished(failed: true)
            pauses.append(pacing.earliestNextStart(roundStart: now, roundEnd: now).timeIntervalSince(now))
        }
        #expect(Array(pauses.prefix(3)) == [5, 10, 20])
        #expect(pauses.last == RoundPacing.maxFailurePause)
        pacing.roundFinished(failed: false)
        #expect(pacing.earliestNextStart(roundStart: now, roundEnd: now) == now.addingTimeInterval(RoundPacing.minimumSpacing))
    }

    @Test func aHeldFeedIsLeftOutUntilItsHoldEnds() {
        var holds = PollHolds()
        holds.absorb([7: now.addingTimeInterval(600)], now: now)
        #expect(holds.held(at: now) == [7])
        #expect(holds.earliestRelease(after: now) == now.addingTimeInterval(600))
        #expect(holds.held(at: now.addingTimeInterval(601)).isEmpty)
        holds.absorb([:], now: now.addingTimeInterval(601))
        #expect(holds.isEmpty)
    }

    @Test func theWatchdogIsPingedOnlyWhileTheHeartbeatIsYoungerThanTheWatchdogTimeout() {
        #expect(Heartbeat.deservesPing(heartbeatAge: .milliseconds(900), pingInterval: .milliseconds(500)))
        #expect(!Heartbeat.deservesPing(heartbeatAge: .milliseconds(1100), pingInterval: .milliseconds(500)))
    }
}
