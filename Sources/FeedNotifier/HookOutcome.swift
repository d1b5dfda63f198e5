import Foundation

/// How one delivery attempt of a hook ended.
///
/// Exit 0 / HTTP 2xx is `.delivered`; everything else is `.failed`, and the outbox retries it
/// with backoff until `max_attempts`, then parks it with `reason` as its last error.
public enum HookOutcome: Sendable, Hashable {
    case delivered
    /// Delivered, and the receiver answered with this status (`HTTP 200`, `SMTP 250`), which
    /// `feedd hooks log` shows.
    case acknowledged(response: String)
    /// A one-line, human-readable cause that starts with `hook: ` and names the program.
    case failed(reason: String)
    /// The receiver asked to be left alone until `retryAt` (HTTP 429 or 503 with `Retry-After`):
    /// a failed attempt whose next try is no sooner than that.
    case rateLimited(reason: String, retryAt: Date)

    /// Whether the receiver took the event.
    public var isDelivered: Bool {
        switch self {
        case .delivered, .acknowledged: true
        case .failed, .rateLimited: false
        }
    }
}
