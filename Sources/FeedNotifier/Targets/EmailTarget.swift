import FeedFetcher
import Foundation

/// E-mail through an SMTP server with libcurl (`email = "smtp://host:587"` or `smtps://`), so the
/// service needs no `sendmail` inside its sandbox. Any failure (a refused connection, a 4xx or
/// 5xx reply) is a failed attempt for the retry policy.
public struct EmailTarget: Sendable {
    /// The server URL.
    public var serverURL: String
    /// The sender address (`From:` and `MAIL FROM`).
    public var from: String
    /// The recipients.
    public var to: [String]
    /// SMTP AUTH credentials.
    public var username: String?
    public var password: String?
    /// How long one submission may take.
    public var timeout: Duration

    /// A target mailing `to` from `from` through `serverURL`.
    public init(serverURL: String, from: String, to: [String], username: String? = nil, password: String? = nil,
                timeout: Duration = WebhookHook.defaultTimeout) {
        self.serverURL = serverURL
        self.from = from
        self.to = to
        self.username = username
        self.password = password
        self.timeout = timeout
    }

    /// Mails `message`.
    public func deliver(_ message: NotificationMessage, deliveryID: String, date: Date = Date()) async -> HookOutcome {
        let mail = MailComposer.compose(subject: MailComposer.subject(message), text: message.plainBody,
                                        html: MailComposer.html(message), from: from, to: to,
                                        deliveryID: deliveryID, date: date)
        let submission = MailSubmission(url: serverURL, from: from, recipients: to, username: username,
                                        password: password, timeout: WebhookHook.seconds(timeout))
        switch await submission.send(mail) {
        case .success: return .delivered
        case .failure(let error):
            let reason = "email: \(error.description)"
            return .failed(reason: password.map { reason.replacingOccurrences(of: $0, with: "<redacted>") } ?? reason)
        }
    }
}
