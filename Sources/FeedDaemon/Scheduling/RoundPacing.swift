import Foundation

/// How soon the daemon's next round may start, whatever the store says is due.
///
/// The schedule normally decides; this is the floor under it, so that no bug in the schedule and
/// no failing store can turn the loop into a hot loop: rounds start at least `minimumSpacing`
/// apart, and after rounds that failed on the store the pause doubles from `firstFailurePause` up
/// to `maxFailurePause`.
public struct RoundPacing: Sendable, Equatable {
    /// The least time from one round's start to the next's, in seconds.
    public static let minimumSpacing: TimeInterval = 1
    /// The pause after a round that failed on the store, in seconds; it doubles per failed round.
    public static let firstFailurePause: TimeInterval = 5
    /// The longest pause after failed rounds, in seconds.
    public static let maxFailurePause: TimeInterval = 300
    /// Rounds in a row that ended with a store error.
    public private(set) var failedRoundsInARow = 0

    public init() {}

    /// Notes how the last round ended.
    public mutating func roundFinished(failed: Bool) {
        failedRoundsInARow = failed ? min(failedRoundsInARow, 62) + 1 : 0
    }

    /// The earliest start of the next round, for a round that started at `start` and ended at `end`.
    public func earliestNextStart(roundStart start: Date, roundEnd end: Date) -> Date {
        let spaced = start.addingTimeInterval(RoundPacing.minimumSpacing)
        guard failedRoundsInARow > 0 else { return spaced }
        let doublings = Double(min(failedRoundsInARow - 1, 30))
        let pause = min(RoundPacing.firstFailurePause * pow(2, doublings), RoundPacing.maxFailurePause)
        return max(spaced, end.addingTimeInterval(pause))
    }
}
