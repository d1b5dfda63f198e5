/// A problem in the config file, naming the file, line and key:
/// `config: /etc/feedd/feedd.toml:12: key 'interval' in [[feed]] #3: invalid duration "15 minutes" (…)`.
///
/// The loader reports every problem it finds at once: the first is this error itself, the rest
/// are in `others`, in line order.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The config file as it was named to the loader.
    public var file: String
    /// 1-based line, when the problem has one (a missing file has none).
    public var line: Int?
    /// 1-based column, for TOML syntax errors.
    public var column: Int?
    /// The key at fault, e.g. `interval` or `env.HOME`.
    public var key: String?
    /// The table holding the key, e.g. `[daemon]` or `[[feed]] #3`.
    public var section: String?
    /// What is wrong and, where possible, what to write instead.
    public var message: String
    /// Further problems found in the same file.
    public var others: [ConfigError]

    /// A problem; `line`, `key` and `section` are left out only when the problem has none.
    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, section: String? = nil,
                message: String, others: [ConfigError] = []) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.section = section
        self.message = message
        self.others = others
    }

    /// A TOML syntax error, which has a column but no key.
    init(_ error: TOMLError) {
        self.init(file: error.file, line: error.position.line, column: error.position.column, message: error.message)
    }

    /// This problem alone, on one line (a quoted key's control characters are shown escaped).
    public var summary: String {
        var text = "config: \(file)"
        if let line { text += ":\(line)" }
        if let line, let column, line > 0 { text += ":\(column)" }
        text += ": "
        if let key {
            text += "key '\(ConfigSection.escaped(key))'"
            if let section { text += " in \(section)" }
            text += ": "
        } else if let section {
            text += "\(section): "
        }
        return text + message
    }

    /// Every problem, one per line, this one first.
    public var description: String {
        ([summary] + others.map(\.summary)).joined(separator: "\n")
    }

    /// All problems as a flat list, this one first.
    public var all: [ConfigError] {
        var first = self
        first.others = []
        return [first] + others
    }
}

/// Collects the problems of one load so that all of them can be reported together.
final class ConfigIssues {
    let file: String
    private(set) var errors: [ConfigError] = []

    init(file: String) { self.file = file }

    func add(line: Int?, key: String?, section: String?, _ message: String) {
        errors.append(ConfigError(file: file, line: line, key: key, section: section, message: message))
    }

    /// Throws the collected problems, earliest line first, if there are any.
    func throwIfAny() throws(ConfigError) {
        let sorted = errors.enumerated().sorted { lhs, rhs in
            (lhs.element.line ?? 0, lhs.offset) < (rhs.element.line ?? 0, rhs.offset)
        }.map(\.element)
        guard var first = sorted.first else { return }
        first.others = Array(sorted.dropFirst())
        throw first
    }
}
