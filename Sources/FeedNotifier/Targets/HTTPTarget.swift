import FeedFetcher
import Foundation

/// A built-in target that speaks a service's public HTTP API: it turns a message into the one
/// request the service expects; `HTTPTargetDelivery` sends it.
public protocol HTTPTarget: Sendable {
    /// The config key that names the target (`ntfy`, `gotify`, …); it starts every error.
    var kind: String { get }
    /// The base URL the operator configured; the address policy trusts its host.
    var configuredURL: String { get }
    /// Values that must never appear in a log line or `feedd hooks` (tokens, also where a
    /// service puts them into the URL path).
    var secrets: [String] { get }
    /// How a `template` escapes for this service's text (plain text unless the service renders markup).
    var templateEscaping: MessageTemplate.Escaping { get }
    /// The request for `message`; `deliveryID` is the idempotency key where the service has one.
    /// With `message.customText` set, the service's message text is exactly that.
    func request(for message: NotificationMessage, deliveryID: String) -> TargetRequest
}

extension HTTPTarget {
    public var templateEscaping: MessageTemplate.Escaping { .text }

    /// `text` with every secret replaced by `<redacted>`.
    public func redacting(_ text: String) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }

    /// `base` without a trailing slash, so that appending `/path` never doubles it.
    static func trimmingSlash(_ base: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
