import FeedNotifier
import Foundation

extension HookTarget {
    /// The notifier's target for this configuration.
    var httpTarget: any HTTPTarget {
        switch self {
        case .ntfy(let topic, let token):
            return NtfyTarget(topicURL: topic.absoluteString, token: token)
        case .gotify(let server, let token, let priority):
            return GotifyTarget(serverURL: server.absoluteString, token: token,
                                priority: priority ?? GotifyTarget.defaultPriority)
        case .telegram(let token, let chatID, let apiURL):
            return TelegramTarget(token: token, chatID: chatID,
                                  apiURL: apiURL?.absoluteString ?? TelegramTarget.defaultAPIURL)
        case .matrix(let homeserver, let room, let accessToken):
            return MatrixTarget(homeserverURL: homeserver.absoluteString, room: room, accessToken: accessToken)
        case .discord(let webhook):
            return DiscordTarget(webhookURL: webhook.absoluteString)
        case .slack(let webhook):
            return SlackTarget(webhookURL: webhook.absoluteString)
        }
    }
}
