import FeedModel
import FeedStore
import Foundation

/// `block = [...]` and `allow = [...]` of a `[[feed]]` or a `[[hook]]`: rules `FIELD:REGEX` that
/// decide which items fire hooks. An item is admitted when no `block` rule matches it and, if
/// there are `allow` rules, at least one of them does. Regexes are ICU syntax (NSRegularExpression),
/// case-sensitive unless they start with `(?i)`, and compiled once, when the config is loaded.
public struct ItemRules: Sendable, Equatable {
    /// The part of an item a rule looks at.
    public enum Field: String, Sendable, CaseIterable {
        case title, content, author, url, tag, any
    }

    /// One `FIELD:REGEX`.
    public struct Rule: Sendable, Equatable {
        public var field: Field
        public var pattern: String
        // NSRegularExpression is immutable once built; corelibs Foundation does not mark it Sendable.
        nonisolated(unsafe) let regex: NSRegularExpression

        public static func == (lhs: Rule, rhs: Rule) -> Bool { lhs.field == rhs.field && lhs.pattern == rhs.pattern }

        /// Whether the rule matches `entry`.
        func matches(_ entry: Entry) -> Bool {
            ItemRules.texts(of: entry, field).contains { text in
                regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            }
        }
    }

    public var block: [Rule] = []
    public var allow: [Rule] = []

    public init(block: [Rule] = [], allow: [Rule] = []) {
        self.block = block
        self.allow = allow
    }

    /// No rules: every item is admitted.
    public var isEmpty: Bool { block.isEmpty && allow.isEmpty }

    /// Whether `entry` passes these rules.
    public func admits(_ entry: Entry) -> Bool {
        if block.contains(where: { $0.matches(entry) }) { return false }
        return allow.isEmpty || allow.contains { $0.matches(entry) }
    }

    /// `rule` parsed: `title:^Sponsored`, `any:(?i)crypto`. Nil with the reason when it is not one.
    public static func rule(_ text: String) -> Result<Rule, RuleError> {
        guard let colon = text.firstIndex(of: ":") else {
            return .failure(RuleError(message: "\"\(text)\" is not FIELD:REGEX (FIELD one of "
                + Field.allCases.map(\.rawValue).joined(separator: ", ") + ")"))
        }
        let name = String(text[..<colon]), pattern = String(text[text.index(after: colon)...])
        guard let field = Field(rawValue: name) else {
            return .failure(RuleError(message: "unknown field \"\(name)\" in \"\(text)\" (one of "
                + Field.allCases.map(\.rawValue).joined(separator: ", ") + ")"))
        }
        guard !pattern.isEmpty else { return .failure(RuleError(message: "\"\(text)\" has an empty regex")) }
        do {
            return .success(Rule(field: field, pattern: pattern, regex: try NSRegularExpression(pattern: pattern)))
        } catch {
            return .failure(RuleError(message: "invalid regex \"\(pattern)\" in \"\(text)\""))
        }
    }

    /// Why a rule was refused.
    public struct RuleError: Error, Sendable, Equatable {
        public var message: String
    }

    /// The rules of a feed and of a hook together, as the predicate the store applies.
    public static func predicate(_ all: [ItemRules]) -> EntryPredicate {
        let rules = all.filter { !$0.isEmpty }
        guard !rules.isEmpty else { return .all }
        let key = rules.map { rule in
            "block:" + rule.block.map(\.text).joined(separator: "\u{1F}") + "|allow:" + rule.allow.map(\.text).joined(separator: "\u{1F}")
        }.joined(separator: "||")
        return EntryPredicate(key: key) { entry in rules.allSatisfy { $0.admits(entry) } }
    }

    /// The texts of `entry` that `field` looks at.
    static func texts(of entry: Entry, _ field: Field) -> [String] {
        switch field {
        case .title: return [entry.title ?? ""]
        case .content: return [entry.plainText]
        case .author: return entry.authors.compactMap(\.name)
        case .url: return [entry.url, entry.externalURL].compactMap { $0 }
        case .tag: return entry.tags
        case .any: return Field.allCases.filter { $0 != .any }.flatMap { texts(of: entry, $0) }
        }
    }
}

extension ItemRules.Rule {
    /// The rule as written.
    var text: String { "\(field.rawValue):\(pattern)" }
}
