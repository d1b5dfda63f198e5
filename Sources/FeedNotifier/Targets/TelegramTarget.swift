import FeedFetcher
import FeedModel
import Foundation

/// Telegram's Bot API (core.telegram.org/bots/api#sendmessage): `POST /bot<token>/sendMessage`
/// with the chat and an HTML text. The token is part of the URL, so every error names the URL
/// with `<redacted>` in its place.
public struct TelegramTarget: HTTPTarget {
    /// The bot token from @BotFather.
    public var token: String
    /// The chat: a numeric id or `@channelusername`.
    public var chatID: String
    /// The Bot API server (a self-hosted one, or a test receiver).
    public var apiURL: String

    /// The public Bot API server.
    public static let defaultAPIURL = "https://api.telegram.org"

    public var kind: String { "telegram" }
    public var configuredURL: String { apiURL }
    public var secrets: [String] { [token] }
    public var templateEscaping: MessageTemplate.Escaping { .html }

    /// A target sending to `chatID` as the bot with `token`.
    public init(token: String, chatID: String, apiURL: String = TelegramTarget.defaultAPIURL) {
        self.token = token
        self.chatID = chatID
        self.apiURL = apiURL
    }

    public func request(for message: NotificationMessage, deliveryID: String) -> TargetRequest {
        var body = JSONObjectBuilder()
        body.add("chat_id", chatID)
        body.add("text", message.customText ?? Self.html(message))
        body.add("parse_mode", "HTML")
        return .json(Self.trimmingSlash(apiURL) + "/bot\(token)/sendMessage", body.value)
    }

    /// `<b>feed</b>`, the linked heading, the text: the subset of HTML Telegram renders.
    static func html(_ message: NotificationMessage) -> String {
        let heading = MarkupEscaping.html(message.heading)
        var lines = ["<b>\(MarkupEscaping.html(message.feedName))</b>"]
        lines.append(message.url.map { "<a href=\"\(MarkupEscaping.html($0))\">\(heading)</a>" } ?? heading)
        if !message.text.isEmpty { lines.append(MarkupEscaping.html(message.text)) }
        return lines.joined(separator: "\n")
    }
}
