import FeedFetcher
import FeedModel
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
    /// `subject_template`: replaces the subject `[feed] title`.
    public var subjectTemplate: MessageTemplate?
    /// `body_template`: replaces the text; rendered once as text and once HTML-escaped for the HTML part.
    public var bodyTemplate: MessageTemplate?

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
    public func deliver(_ message: NotificationMessage, payload: JSONValue = .null, deliveryID: String,
                        date: Date = Date()) async -> HookOutcome {
        let context = MessageTemplate.context(payload: payload, message: message)
        let subject = subjectTemplate.map { MessageTemplate.oneLine($0.render(context)) } ?? MailComposer.subject(message)
        let text = bodyTemplate.map { $0.escaping(.text).render(context) } ?? message.plainBody
        let html = bodyTemplate.map { MailComposer.html(renderedText: $0.escaping(.html).render(context)) }
            ?? MailComposer.html(message)
        let mail = MailComposer.compose(subject: subject, text: text, html: html, from: from, to: to,
                                        deliveryID: deliveryID, date: date)
        let submission = MailSubmission(url: serverURL, from: from, recipients: to, username: username,
                                        password: password, timeout: WebhookHook.seconds(timeout))
        switch await submission.send(mail) {
        case .success: return .acknowledged(response: "SMTP: accepted")
        case .failure(let error):
            let reason = "email: \(error.description)"
            return .failed(reason: password.map { reason.replacingOccurrences(of: $0, with: "<redacted>") } ?? reason)
        }
    }
}
