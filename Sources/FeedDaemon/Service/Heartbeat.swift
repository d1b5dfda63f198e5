import Synchronization

/// The daemon's sign of life: the main loop and every step of a round (a feed refreshed, a hook
/// delivered) beat it, and the watchdog pinger tells systemd the daemon is alive only while the
/// last beat is recent. A free-running ping timer kept a daemon whose round hung forever "healthy".
public final class Heartbeat: Sendable {
    private let last = Mutex(ContinuousClock.now)

    public init() {}

    /// Records progress now.
    public func beat() { last.withLock { $0 = .now } }

    /// How long since the last beat.
    public var age: Duration { ContinuousClock.now - last.withLock { $0 } }

    /// Whether a watchdog ping is deserved: the last beat is younger than the watchdog timeout,
    /// which is twice the ping interval (`WATCHDOG_USEC`, of which pings come every half).
    public static func deservesPing(heartbeatAge: Duration, pingInterval: Duration) -> Bool {
        heartbeatAge < pingInterval * 2
    }
}
