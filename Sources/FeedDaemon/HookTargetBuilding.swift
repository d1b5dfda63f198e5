import FeedNotifier
import Foundation

extension HookTarget {
    /// The notifier's target for this configuration; `timeout` bounds one delivery.
    func notifierTarget(timeout: Duration) -> HookDefinition.Target {
        switch self {
        case .ntfy(let topic, let token):
            return http(NtfyTarget(topicURL: topic.absoluteString, token: token), timeout)
        case .gotify(let server, let token, let priority):
            return http(GotifyTarget(serverURL: server.absoluteString, token: token,
                                     priority: priority ?? GotifyTarget.defaultPriority), timeout)
        case .telegram(let token, let chatID, let apiURL):
            return http(TelegramTarget(token: token, chatID: chatID,
                                       apiURL: apiURL?.absoluteString ?? TelegramTarget.defaultAPIURL), timeout)
        case .matrix(let homeserver, let room, let accessToken):
            return http(MatrixTarget(homeserverURL: homeserver.absoluteString, room: room, accessToken: accessToken), timeout)
        case .discord(let webhook):
            return http(DiscordTarget(webhookURL: webhook.absoluteString), timeout)
        case .slack(let webhook):
            return http(SlackTarget(webhookURL: webhook.absoluteString), timeout)
        case .email(let server, let from, let to, let username, let password):
            return .email(EmailTarget(serverURL: server.absoluteString, from: from, to: to, username: username,
                                      password: password, timeout: timeout))
        }
    }

    private func http(_ target: any HTTPTarget, _ timeout: Duration) -> HookDefinition.Target {
        .http(HTTPTargetDelivery(target: target, timeout: timeout))
    }
}
