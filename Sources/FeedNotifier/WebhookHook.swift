import FeedFetcher
import FeedModel
import Foundation

/// A hook that POSTs the event's JSON to a URL through the fetcher's libcurl, so webhooks get the
/// same limits and scheme restrictions as feeds.
///
/// Any 2xx is delivered; everything else (a status, a refused connection, a timeout) is a failure
/// for the retry policy. With a `secret`, the body is signed with HMAC-SHA256 so the receiver can
/// tell our deliveries from forgeries.
///
/// Only 307 and 308 redirects are followed: they keep the POST and its body. A 301, 302 or 303 would
/// turn the delivery into a body-less GET whose 2xx says nothing about the event, so it is a failure
/// naming the redirect, retried and then parked like any other.
public struct WebhookHook: Sendable {
    /// The configured URL the event is POSTed to.
    public var url: String
    /// The HMAC key of `X-Feedd-Signature`; no signature without one.
    public var secret: String?
    /// How long one delivery may take, connection and redirects included (`timeout` in the config).
    public var timeout: Duration
    /// Which addresses the delivery may connect to. By default the configured host may reach any
    /// address (the operator chose it) and a redirect to another host only public ones.
    public var addressPolicy: OutboundAddressPolicy
    /// The hook's `template`: the body it renders replaces the event's JSON.
    public var template: MessageTemplate?
    /// The body's `Content-Type` (`content_type`); JSON when not set.
    public var contentType: String?

    /// The content type of the event's JSON.
    public static let jsonContentType = "application/json; charset=utf-8"

    /// The default timeout of a webhook delivery, the same as an exec hook's.
    public static let defaultTimeout: Duration = ExecHook.defaultTimeout

    /// A webhook for `url`; `addressPolicy` nil trusts the host of `url` alone.
    public init(url: String, secret: String? = nil, timeout: Duration = WebhookHook.defaultTimeout,
                addressPolicy: OutboundAddressPolicy? = nil) {
        self.url = url
        self.secret = secret
        self.timeout = timeout
        self.addressPolicy = addressPolicy ?? .trustingHost(of: url)
    }

    /// Sends one delivery.
    /// Sends one delivery of the event whose JSON is `payload`: the JSON itself, or what the template renders from it.
    public func deliver(payload: JSONValue, message: NotificationMessage, event: String, deliveryID: String,
                        using fetcher: Fetcher) async -> HookOutcome {
        let body = template.map { Data($0.render(MessageTemplate.context(payload: payload, message: message)).utf8) }
            ?? HookPayload.body(payload)
        return await deliver(body: body, event: event, deliveryID: deliveryID, using: fetcher)
    }

    /// Sends one delivery of `body`.
    public func deliver(body: Data, event: String, deliveryID: String, using fetcher: Fetcher) async -> HookOutcome {
        var headers: HTTPHeaders = ["Content-Type": contentType ?? Self.jsonContentType]
        headers.add("X-Feedd-Event", event)
        headers.add("X-Feedd-Delivery", deliveryID)
        if let secret { headers.add(WebhookSignature.header, WebhookSignature.sign(body: body, secret: secret)) }
        let request = FetchRequest(url: url, method: "POST", body: body, headers: headers,
                                   addressPolicy: addressPolicy, redirectPolicy: .methodPreservingOnly,
                                   timeout: Self.seconds(timeout))
        do {
            let response = try await fetcher.fetch(request)
            guard (200..<300).contains(response.status) else {
                return .failed(reason: "webhook: \(url): answered HTTP \(response.status)")
            }
            return .acknowledged(response: "HTTP \(response.status)")
        } catch {
            if case .rateLimited(_, _, let retryAfter?) = error {
                return .rateLimited(reason: "webhook: \(error.description)", retryAt: retryAfter)
            }
            return .failed(reason: "webhook: \(error.description)")
        }
    }

    /// A duration in seconds as the fetcher takes them (a Double, so no duration can overflow it).
    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
