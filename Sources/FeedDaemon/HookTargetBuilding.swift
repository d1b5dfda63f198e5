import FeedNotifier
import Foundation

extension HookTarget {
    /// The notifier's target for this configuration; `timeout` bounds one delivery.
    func notifierTarget(timeout: Duration, templates: HookTemplates = HookTemplates()) -> HookDefinition.Target {
        let http = { (target: any HTTPTarget, timeout: Duration) -> HookDefinition.Target in
            .http(HTTPTargetDelivery(target: target, timeout: timeout,
                                     template: Runtime.template(templates.template, target.templateEscaping)))
        }
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
            var email = EmailTarget(serverURL: server.absoluteString, from: from, to: to, username: username,
                                    password: password, timeout: timeout)
            email.subjectTemplate = Runtime.template(templates.subjectTemplate, .text)
            email.bodyTemplate = Runtime.template(templates.bodyTemplate, .text)
            return .email(email)
        }
    }
}
