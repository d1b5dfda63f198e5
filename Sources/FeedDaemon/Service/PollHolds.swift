import Foundation

/// The daemon's in-memory backoff for feeds whose poll the store could not record (a full disk, a
/// locked or broken database): such a feed is still due in the store, and without this it would be
/// polled again in the very next round, and the next, as fast as the loop turns.
struct PollHolds: Sendable, Equatable {
    private var until: [Int64: Date] = [:]

    /// Adds holds (feed → the next poll it should have had) and forgets the ones past at `now`.
    mutating func absorb(_ holds: [Int64: Date], now: Date) {
        until.merge(holds) { max($0, $1) }
        until = until.filter { $0.value > now }
    }

    /// The feeds still held at `now`.
    func held(at now: Date) -> Set<Int64> {
        Set(until.filter { $0.value > now }.keys)
    }

    /// The soonest moment after `now` a hold ends.
    func earliestRelease(after now: Date) -> Date? {
        until.values.filter { $0 > now }.min()
    }

    var isEmpty: Bool { until.isEmpty }
    var count: Int { until.count }
}
