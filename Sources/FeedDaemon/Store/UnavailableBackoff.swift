import Foundation

/// How long `feedd run` waits before trying a database server that is away again: 1 s, doubling
/// per failure up to 60 s, each delay shortened by up to a fifth at random so that daemons that
/// lost one server do not all come back at the same instant; back to 1 s after a success.
public struct UnavailableBackoff: Sendable, Equatable {
    /// The first delay, in seconds.
    public static let firstDelay: TimeInterval = 1
    /// The longest delay, in seconds: a server back after a restart is used within a minute.
    public static let maxDelay: TimeInterval = 60
    /// The largest share of a delay taken off at random.
    public static let jitter = 0.2

    /// Failures in a row since the last success.
    public private(set) var failures = 0

    public init() {}

    /// Whether the server was away at the last try.
    public var isWaiting: Bool { failures > 0 }

    /// Notes one more failure and returns the delay before the next try; `random` in 0..<1 picks
    /// the jitter (tests pass a fixed one).
    public mutating func nextDelay(random: Double = Double.random(in: 0..<1)) -> TimeInterval {
        let doublings = Double(min(failures, 30))
        failures = min(failures, 62) + 1
        let full = min(Self.firstDelay * pow(2, doublings), Self.maxDelay)
        return full * (1 - Self.jitter * min(max(random, 0), 1))
    }

    /// Notes a success: the next outage starts again at the first delay.
    public mutating func reset() {
        failures = 0
    }
}
