import FeedFetcher
import Foundation

/// A hook that POSTs the event's JSON to a URL through the fetcher's libcurl, so webhooks get the
/// same timeouts, redirect rules and scheme restrictions as feeds.
///
/// Any 2xx is delivered; everything else (a status, a refused connection, a timeout) is a failure
/// for the retry policy. With a `secret`, the body is signed with HMAC-SHA256 so the receiver can
/// tell our deliveries from forgeries.
public struct WebhookHook: Sendable {
    public var url: String
    public var secret: String?

    public init(url: String, secret: String? = nil) {
        self.url = url
        self.secret = secret
    }

    /// Sends one delivery.
    public func deliver(body: Data, event: String, deliveryID: String, using fetcher: Fetcher) async -> HookOutcome {
        var headers: HTTPHeaders = ["Content-Type": "application/json; charset=utf-8"]
        headers.add("X-Feedd-Event", event)
        headers.add("X-Feedd-Delivery", deliveryID)
        if let secret { headers.add(WebhookSignature.header, WebhookSignature.sign(body: body, secret: secret)) }
        let request = FetchRequest(url: url, method: "POST", body: body, headers: headers)
        do {
            let response = try await fetcher.fetch(request)
            guard (200..<300).contains(response.status) else {
                return .failed(reason: "webhook: \(url): answered HTTP \(response.status)")
            }
            return .delivered
        } catch {
            return .failed(reason: "webhook: \(error.description)")
        }
    }
}
