import FeedFetcher
import FeedModel
import Foundation

/// Discord webhooks (discord.com/developers/docs/resources/webhook#execute-webhook): `content`
/// plus one embed with the title, link and text. Mentions are switched off
/// (`allowed_mentions.parse = []`), so an item that says `@everyone` pings nobody.
public struct DiscordTarget: HTTPTarget {
    /// `https://discord.com/api/webhooks/ID/TOKEN`.
    public var webhookURL: String

    /// Discord's limits on an embed's title and description, in characters.
    public static let maxEmbedTitle = 256
    public static let maxEmbedDescription = 4096

    public var kind: String { "discord" }
    public var configuredURL: String { webhookURL }
    /// The webhook token is the URL's last path segment.
    public var secrets: [String] { WebhookURLSecret.lastPathSegment(of: webhookURL) }

    /// A target executing the webhook at `webhookURL`.
    public init(webhookURL: String) { self.webhookURL = webhookURL }

    public func request(for message: NotificationMessage, deliveryID: String) -> TargetRequest {
        var embed = JSONObjectBuilder()
        embed.add("title", String(message.heading.prefix(Self.maxEmbedTitle)))
        embed.add("url", message.url)
        if !message.text.isEmpty { embed.add("description", String(message.text.prefix(Self.maxEmbedDescription))) }
        var mentions = JSONObjectBuilder()
        mentions.addRequired("parse", JSONValue.array([]))
        var body = JSONObjectBuilder()
        if let custom = message.customText {
            body.add("content", custom)
        } else {
            body.add("content", "**\(message.feedName)**: \(message.heading)")
            body.add("embeds", JSONValue.array([embed.value]))
        }
        body.add("allowed_mentions", mentions.value)
        return .json(webhookURL, body.value)
    }
}
