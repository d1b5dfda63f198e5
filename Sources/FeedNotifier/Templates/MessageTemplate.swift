import FeedModel
import Foundation
import Mustache

/// Why a template cannot be used: the Mustache parser's message and where in the template.
public struct MessageTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Line and column in the template text, counting from 1.
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "template line \(line), column \(column): \(message)" }
}

/// A hook's `template` (or an e-mail's `subject_template` / `body_template`): Mustache rendered by
/// hummingbird-project/swift-mustache over the event's JSON (the object an exec hook reads; see
/// `HookPayload`) plus `heading` and `text`, the short message a built-in target would send.
///
/// `{{name}}` escapes the value for where the text goes — HTML for Telegram and e-mail's HTML
/// part, JSON strings for a JSON webhook, Slack's mrkdwn for Slack — and `{{{name}}}` inserts it
/// as it is.
public struct MessageTemplate: Sendable {
    /// How `{{name}}` escapes.
    public enum Escaping: String, Sendable, CaseIterable {
        case text = "TEXT"
        case html = "HTML"
        case json = "FEEDD_JSON"
        case slack = "FEEDD_SLACK"
    }

    /// The template as written in the config.
    public let source: String
    /// How it escapes.
    public let escaping: Escaping
    private let template: MustacheTemplate

    /// Parses `source`; a syntax error names its line and column.
    public init(_ source: String, escaping: Escaping) throws(MessageTemplateError) {
        Self.registerContentTypes
        self.source = source
        self.escaping = escaping
        do {
            // The pragma shares line 1 with the template, so the parser's line numbers stay the user's.
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: \(escaping.rawValue) }}" + source)
        } catch let error as MustacheTemplate.ParserError {
            let pragmaLength = "{{% CONTENT_TYPE: \(escaping.rawValue) }}".count
            let column = error.context.lineNumber == 1 ? error.context.columnNumber - pragmaLength : error.context.columnNumber
            throw MessageTemplateError(line: error.context.lineNumber, column: max(1, column + 1),
                                       message: Self.describe(error.error))
        } catch {
            throw MessageTemplateError(line: 1, column: 1, message: Self.describe(error))
        }
    }

    /// The same template with another escaping (an e-mail body as text and as HTML).
    public func escaping(_ escaping: Escaping) -> MessageTemplate {
        (try? MessageTemplate(source, escaping: escaping)) ?? self
    }

    /// The text for one event.
    public func render(_ context: JSONValue) -> String {
        template.render(Self.object(context))
    }

    /// The context of one event: the hook payload with `heading` and `text` of `message` added.
    public static func context(payload: JSONValue, message: NotificationMessage) -> JSONValue {
        guard case .object(var members) = payload else { return payload }
        members.append(("heading", .string(message.heading)))
        members.append(("text", .string(message.text)))
        return .object(members)
    }

    /// A rendered subject on one line: line breaks and runs of white space become one space.
    public static func oneLine(_ text: String) -> String { NotificationMessage.oneLine(text) }

    /// JSON as the Foundation values Mustache walks (`null` leaves the key out, so `{{#x}}` is false).
    static func object(_ value: JSONValue) -> Any {
        switch value {
        case .string(let text): return text
        case .number(let number): return number
        case .integer(let number): return number
        case .bool(let flag): return flag
        case .null: return ""
        case .array(let values): return values.map(object)
        case .object(let members):
            var dictionary: [String: Any] = [:]
            for (key, member) in members where member != .null { dictionary[key] = object(member) }
            return dictionary
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .unfinishedName?: return "a tag is not closed or holds invalid characters"
        case .sectionCloseNameIncorrect?: return "a section is closed with another name than it was opened with"
        case .expectedSectionEnd?: return "a section {{#…}} is not closed with {{/…}}"
        case .invalidSetDelimiter?: return "invalid set-delimiter tag {{=… …=}}"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: return "unknown pragma {{% … }}"
        default: return "invalid Mustache (\(error))"
        }
    }

    /// Registers the escapings Mustache does not have, once.
    private static let registerContentTypes: Void = {
        MustacheContentTypes.register(JSONStringContent(), named: Escaping.json.rawValue)
        MustacheContentTypes.register(SlackContent(), named: Escaping.slack.rawValue)
    }()
}

/// `{{name}}` inside a JSON string: quotes, backslashes and control characters escaped.
private struct JSONStringContent: MustacheContentType {
    func escapeText(_ text: String) -> String {
        let quoted = JSONValue.string(text).serialized()
        return String(quoted.dropFirst().dropLast())
    }
}

/// `{{name}}` in Slack's mrkdwn.
private struct SlackContent: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkupEscaping.slack(text) }
}
