/// How one delivery attempt of a hook ended.
///
/// Exit 0 / HTTP 2xx is `.delivered`; everything else is `.failed`, and the outbox retries it
/// with backoff until `max_attempts`, then parks it with `reason` as its last error.
public enum HookOutcome: Sendable, Hashable {
    case delivered
    /// A one-line, human-readable cause that starts with `hook: ` and names the program.
    case failed(reason: String)

    /// Whether the receiver took the event.
    public var isDelivered: Bool { self == .delivered }
}
