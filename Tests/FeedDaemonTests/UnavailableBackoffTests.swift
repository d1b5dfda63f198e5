import Foundation
import Testing
@testable import FeedDaemon
import FeedStore

/// Waiting for a database server that is away: the daemon's growing delays, and a one-shot
/// command's few tries.
@Suite struct UnavailableBackoffTests {
    static let away = StoreError.unavailable(server: "postgresql://feedd@db.example/feedd", message: "connection refused")

    @Test func delaysDoubleFromOneSecondToTheCapOfAMinute() {
        var backoff = UnavailableBackoff()
        let delays = (0..<9).map { _ in backoff.nextDelay(random: 0) }
        #expect(delays == [1, 2, 4, 8, 16, 32, 60, 60, 60])
    }

    @Test func jitterOnlyShortensADelayByUpToAFifth() {
        var shortest = UnavailableBackoff(), longest = UnavailableBackoff()
        for _ in 0..<10 {
            _ = shortest.nextDelay(random: 0.999_999)
            _ = longest.nextDelay(random: 0)
        }
        let low = shortest.nextDelay(random: 0.999_999), high = longest.nextDelay(random: 0)
        #expect(high == UnavailableBackoff.maxDelay)
        #expect(low >= UnavailableBackoff.maxDelay * 0.8 && low < high)
    }

    @Test func aSuccessStartsTheNextOutageAtOneSecond() {
        var backoff = UnavailableBackoff()
        for _ in 0..<5 { _ = backoff.nextDelay(random: 0) }
        #expect(backoff.isWaiting)
        backoff.reset()
        #expect(!backoff.isWaiting)
        #expect(backoff.nextDelay(random: 0) == 1)
    }

    @Test func thousandsOfFailuresStayAtTheCap() {
        var backoff = UnavailableBackoff()
        for _ in 0..<5000 { _ = backoff.nextDelay(random: 0) }
        #expect(backoff.nextDelay(random: 0) == UnavailableBackoff.maxDelay)
    }

    /// `patience` whose sleeps are recorded, not slept.
    static func recording(_ patience: UnavailablePatience, into slept: SleepLog) -> UnavailablePatience {
        var patience = patience
        patience.sleep = { slept.append($0) }
        return patience
    }

    @Test func aOneShotCommandTriesFourTimesOverSevenSecondsThenFails() throws {
        let slept = SleepLog(), tries = SleepLog()
        let error = try #require(throws: StoreError.self) {
            try Self.recording(.oneShot, into: slept).retrying { () throws(StoreError) -> Int in
                tries.append(0)
                throw Self.away
            }
        }
        #expect(error == Self.away)
        #expect(tries.values.count == 4)
        #expect(slept.values == [1, 2, 4])
    }

    @Test func aServerBackWithinThePatienceIsUsed() throws {
        let slept = SleepLog(), tries = SleepLog()
        let value = try Self.recording(.oneShot, into: slept).retrying { () throws(StoreError) -> Int in
            tries.append(0)
            if tries.values.count < 3 { throw Self.away }
            return 42
        }
        #expect(value == 42 && slept.values == [1, 2])
    }

    @Test func anErrorThatIsNotUnavailabilityIsNotRetried() throws {
        let slept = SleepLog()
        let broken = StoreError.cannotOpen(path: "/x.sqlite", message: "permission denied")
        #expect(throws: broken) {
            try Self.recording(.oneShot, into: slept).retrying { () throws(StoreError) -> Int in throw broken }
        }
        #expect(slept.values.isEmpty)
    }
}

/// Seconds recorded from a `@Sendable` closure.
final class SleepLog: @unchecked Sendable {
    // @unchecked: `values` is only touched while holding `lock`.
    private let lock = NSLock()
    private var recorded: [TimeInterval] = []
    func append(_ value: TimeInterval) { lock.withLock { recorded.append(value) } }
    var values: [TimeInterval] { lock.withLock { recorded } }
}
