import FeedFetcher
import FeedModel
import Foundation

/// Sends a built-in target's request through the fetcher, with the webhook's rules: the host the
/// operator configured may be any address, a redirect elsewhere only a public one, and only 307
/// and 308 (which keep the method and body) are followed.
///
/// Every delivery also carries `X-Feedd-Delivery`, so a receiver (or a proxy in front of one) can
/// recognise a repeat even where the service's API has no idempotency key of its own.
public struct HTTPTargetDelivery: Sendable {
    /// The target that builds the request.
    public var target: any HTTPTarget
    /// How long one delivery may take (`timeout` of the hook).
    public var timeout: Duration
    /// Which addresses the delivery may connect to.
    public var addressPolicy: OutboundAddressPolicy
    /// The hook's `template`, parsed with the target's escaping; nil sends the target's own text.
    public var template: MessageTemplate?

    /// A delivery to `target`; `addressPolicy` nil trusts the host of its configured URL alone.
    public init(target: any HTTPTarget, timeout: Duration = WebhookHook.defaultTimeout,
                addressPolicy: OutboundAddressPolicy? = nil, template: MessageTemplate? = nil) {
        self.target = target
        self.template = template
        self.timeout = timeout
        self.addressPolicy = addressPolicy ?? .trustingHost(of: target.configuredURL)
    }

    /// Sends `message`: any 2xx is delivered; a 429 or 503 with `Retry-After` is retried no sooner
    /// than the service asked; everything else is a failure for the retry policy.
    /// `payload` is the event's JSON, which the template renders.
    public func deliver(_ message: NotificationMessage, payload: JSONValue = .null, deliveryID: String,
                        using fetcher: Fetcher) async -> HookOutcome {
        var message = message
        if let template { message.customText = template.render(MessageTemplate.context(payload: payload, message: message)) }
        let built = target.request(for: message, deliveryID: deliveryID)
        var headers = built.headers
        headers.add("X-Feedd-Delivery", deliveryID)
        let request = FetchRequest(url: built.url, method: built.method, body: built.body, headers: headers,
                                   addressPolicy: addressPolicy, redirectPolicy: .methodPreservingOnly,
                                   timeout: WebhookHook.seconds(timeout))
        do {
            let response = try await fetcher.fetch(request)
            guard (200..<300).contains(response.status) else {
                return .failed(reason: target.redacting("\(target.kind): \(built.url): answered HTTP \(response.status)"))
            }
            return .acknowledged(response: "HTTP \(response.status)")
        } catch {
            let reason = target.redacting("\(target.kind): \(error.description)")
            if case .rateLimited(_, _, let retryAfter?) = error {
                return .rateLimited(reason: reason, retryAt: retryAfter)
            }
            return .failed(reason: reason)
        }
    }
}
