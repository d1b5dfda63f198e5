import FeedFetcher
import FeedModel
import Foundation

/// Gotify (gotify.net/api-docs, `POST /message`): title, message and priority as JSON, the
/// application token in `X-Gotify-Key`, and the item's link as the notification's click action
/// (`extras.client::notification.click.url`, gotify.net/docs/msgextras).
public struct GotifyTarget: HTTPTarget {
    /// The server's base URL, e.g. `https://gotify.example.org`.
    public var serverURL: String
    /// The application token.
    public var token: String
    /// The message priority (Gotify's default application priority is 5: a notification with sound).
    public var priority: Int

    /// The priority when `priority` is not configured.
    public static let defaultPriority = 5

    public var kind: String { "gotify" }
    public var configuredURL: String { serverURL }
    public var secrets: [String] { [token] }

    /// A target for the server at `serverURL`.
    public init(serverURL: String, token: String, priority: Int = GotifyTarget.defaultPriority) {
        self.serverURL = serverURL
        self.token = token
        self.priority = priority
    }

    public func request(for message: NotificationMessage, deliveryID: String) -> TargetRequest {
        var body = JSONObjectBuilder()
        body.add("title", "\(message.feedName): \(message.heading)")
        body.add("message", message.customText
                 ?? [message.text, message.url ?? ""].filter { !$0.isEmpty }.joined(separator: "\n\n"))
        body.add("priority", priority)
        if let url = message.url {
            var click = JSONObjectBuilder()
            click.add("url", url)
            var notification = JSONObjectBuilder()
            notification.add("click", click.value)
            var display = JSONObjectBuilder()
            display.add("contentType", "text/plain")
            var extras = JSONObjectBuilder()
            extras.add("client::display", display.value)
            extras.add("client::notification", notification.value)
            body.add("extras", extras.value)
        }
        return .json(Self.trimmingSlash(serverURL) + "/message", headers: ["X-Gotify-Key": token], body.value)
    }
}
