import FeedFetcher
import Foundation

/// ntfy (docs.ntfy.sh/publish): a POST to the topic URL whose body is the message, with the
/// title, click URL and tags as headers. Header values that are not ASCII are sent as RFC 2047
/// encoded words, which ntfy decodes.
public struct NtfyTarget: HTTPTarget {
    /// The topic URL, e.g. `https://ntfy.sh/my-feeds`.
    public var topicURL: String
    /// An access token for a protected topic (`Authorization: Bearer`).
    public var token: String?

    public var kind: String { "ntfy" }
    public var configuredURL: String { topicURL }
    public var secrets: [String] { token.map { [$0] } ?? [] }

    /// A target publishing to `topicURL`.
    public init(topicURL: String, token: String? = nil) {
        self.topicURL = topicURL
        self.token = token
    }

    public func request(for message: NotificationMessage, deliveryID: String) -> TargetRequest {
        var headers: HTTPHeaders = ["Content-Type": "text/plain; charset=utf-8"]
        headers.add("Title", EncodedWord.encode("\(message.feedName): \(message.heading)"))
        if let url = message.url { headers.add("Click", url) }
        let tag = message.feedName.filter { $0 != "," }
        if !tag.isEmpty { headers.add("Tags", EncodedWord.encode(tag)) }
        if let token { headers.add("Authorization", "Bearer \(token)") }
        let body = message.customText ?? (message.text.isEmpty ? (message.url ?? message.heading) : message.text)
        return TargetRequest(url: topicURL, headers: headers, body: Data(body.utf8))
    }
}
