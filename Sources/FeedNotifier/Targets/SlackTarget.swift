import FeedFetcher
import FeedModel
import Foundation

/// Slack incoming webhooks (api.slack.com/messaging/webhooks): one `text` in mrkdwn with the
/// feed, the linked title (`<url|title>`) and the text.
public struct SlackTarget: HTTPTarget {
    /// `https://hooks.slack.com/services/T…/B…/…`.
    public var webhookURL: String

    public var kind: String { "slack" }
    public var configuredURL: String { webhookURL }
    /// The webhook's secret is the URL's last path segment.
    public var secrets: [String] { WebhookURLSecret.lastPathSegment(of: webhookURL) }
    public var templateEscaping: MessageTemplate.Escaping { .slack }

    /// A target posting to `webhookURL`.
    public init(webhookURL: String) { self.webhookURL = webhookURL }

    public func request(for message: NotificationMessage, deliveryID: String) -> TargetRequest {
        // `|` ends the link target in `<url|text>`; a URL never needs a raw one.
        let heading = MarkupEscaping.slack(message.heading)
        let link = message.url.map { "<\(MarkupEscaping.slack($0).replacingOccurrences(of: "|", with: "%7C"))|\(heading)>" }
        var lines = ["*\(MarkupEscaping.slack(message.feedName))*: " + (link ?? heading)]
        if !message.text.isEmpty { lines.append(MarkupEscaping.slack(message.text)) }
        var body = JSONObjectBuilder()
        body.add("text", message.customText ?? lines.joined(separator: "\n"))
        return .json(webhookURL, body.value)
    }
}
