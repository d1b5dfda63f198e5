import FeedNotifier
import Foundation

/// A hook's message templates (Mustache, see `MessageTemplate`): `template` for a webhook or an
/// HTTP target, `subject_template` and `body_template` for e-mail, `content_type` for a templated
/// webhook. Each is parsed when the config is loaded, so a template error is a config error with
/// file, line and key.
public struct HookTemplates: Sendable, Equatable {
    public var template: String?
    public var subjectTemplate: String?
    public var bodyTemplate: String?
    public var contentType: String?

    public init(template: String? = nil, subjectTemplate: String? = nil, bodyTemplate: String? = nil,
                contentType: String? = nil) {
        self.template = template
        self.subjectTemplate = subjectTemplate
        self.bodyTemplate = bodyTemplate
        self.contentType = contentType
    }

    static let keys = ["template", "subject_template", "body_template", "content_type"]

    /// How a webhook's `{{name}}` escapes, by its content type: JSON strings unless it says HTML or text.
    public static func webhookEscaping(contentType: String?) -> MessageTemplate.Escaping {
        guard let type = contentType?.lowercased() else { return .json }
        if type.contains("json") { return .json }
        if type.contains("html") { return .html }
        return .text
    }

    /// Reads the template keys that fit `action`; the others are reported.
    static func read(_ section: ConfigSection, action: HookAction?) -> HookTemplates {
        var templates = HookTemplates()
        let isEmail: Bool, isWebhook: Bool
        switch action {
        case .target(.email)?: (isEmail, isWebhook) = (true, false)
        case .webhook?: (isEmail, isWebhook) = (false, true)
        case .target?: (isEmail, isWebhook) = (false, false)
        case .exec?, nil:
            for key in keys where section.entry(key) != nil {
                if action != nil {
                    section.report(key, line: section.entry(key)?.keyPosition.line,
                                   "an exec hook gets the event's JSON; templates shape webhook and target messages")
                }
            }
            return templates
        }
        let allowed = isEmail ? ["subject_template", "body_template"] : isWebhook ? ["template", "content_type"] : ["template"]
        for key in keys where section.entry(key) != nil && !allowed.contains(key) {
            section.report(key, line: section.entry(key)?.keyPosition.line,
                           isEmail ? "an email hook takes subject_template and body_template"
                               : "is not a key of this hook (\(allowed.joined(separator: ", ")) are)")
        }
        if isWebhook {
            templates.contentType = section.entry("content_type") == nil ? nil : section.singleLineString("content_type")
            if templates.contentType != nil && section.entry("template") == nil {
                section.report("content_type", line: section.entry("content_type")?.keyPosition.line,
                               "sets the type of a templated body; without template the body is the event's JSON")
            }
        }
        let escaping: MessageTemplate.Escaping = isWebhook ? webhookEscaping(contentType: templates.contentType) : .text
        if allowed.contains("template") { templates.template = parsed(section, "template", escaping) }
        if isEmail {
            templates.subjectTemplate = parsed(section, "subject_template", .text)
            templates.bodyTemplate = parsed(section, "body_template", .text)
        }
        return templates
    }

    private static func parsed(_ section: ConfigSection, _ key: String, _ escaping: MessageTemplate.Escaping) -> String? {
        guard section.entry(key) != nil, let source = section.nonEmptyString(key) else { return nil }
        do throws(MessageTemplateError) {
            _ = try MessageTemplate(source, escaping: escaping)
            return source
        } catch {
            section.report(key, line: section.entry(key)?.node.position.line, error.description)
            return nil
        }
    }
}
