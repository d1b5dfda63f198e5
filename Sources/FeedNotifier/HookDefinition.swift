import FeedFetcher
import Foundation

/// One configured hook as the notifier runs it: where a delivery goes and how often it is retried.
///
/// The daemon builds these from the `[[hook]]` tables; the notifier never reads configuration itself.
public struct HookDefinition: Sendable {
    /// Where a delivery goes.
    public enum Target: Sendable {
        case exec(ExecHook)
        case webhook(WebhookHook)
        /// A built-in target speaking a service's HTTP API (ntfy, Gotify, Telegram, Matrix, …).
        case http(HTTPTargetDelivery)
        /// E-mail through an SMTP server.
        case email(EmailTarget)
    }

    public var name: String
    public var target: Target
    public var retry: RetryPolicy
    /// When set, the hook's events are collected and sent as one digest per period.
    public var digest: DigestSchedule?

    public init(name: String, target: Target, retry: RetryPolicy = RetryPolicy()) {
        self.name = name
        self.target = target
        self.retry = retry
    }
}
