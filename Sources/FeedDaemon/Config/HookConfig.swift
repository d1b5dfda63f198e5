import FeedNotifier
import FeedStore
import Foundation

/// What a hook does with an event.
public enum HookAction: Sendable, Equatable {
    /// Runs a program with these arguments (argv, never through a shell); the event on stdin.
    case exec(arguments: [String])
    /// POSTs the event as JSON; with a secret, the body is signed with HMAC-SHA256.
    case webhook(url: URL, secret: String?)
    /// Posts a short message to a service (ntfy, Gotify, Telegram, Matrix, Discord, Slack).
    case target(HookTarget)
}

/// One `[[hook]]`: a program or webhook told about new items.
public struct HookConfig: Sendable, Equatable {
    /// Unique among the hooks; the outbox records deliveries under it.
    public var name: String
    public var action: HookAction
    public var events: Set<HookEvent>
    /// Feed names or tags this hook is limited to; `nil` means every feed.
    public var feeds: [String]?
    /// How long one delivery may take before the process is killed or the request dropped.
    public var timeout: Duration
    /// Attempts before a delivery is parked as failed.
    public var maxAttempts: Int
    /// The retry window after the first failed attempt; it doubles with each further failure.
    public var retryBase: Duration
    /// Extra environment for an exec hook.
    public var env: [String: String]
    /// The line of the `[[hook]]` header (0 when built in code).
    public var line: Int
    /// The line of `exec`, for `check-config`'s word on the program (`nil` when built in code).
    public var execLine: Int?
    /// The message templates (webhooks and built-in targets).
    public var templates = HookTemplates()
    /// `block` / `allow`: the items this hook fires for (all by default).
    public var rules = ItemRules()
    /// `digest`: collect events and send one message per period; `nil` sends each at once.
    public var digest: DigestSchedule?

    /// New articles and new comments; updates only when a hook asks, as edits are frequent.
    public static let defaultEvents: Set<HookEvent> = [.new, .comment]

    /// The first retry window when `retry_base` is not set.
    public static let defaultRetryBase: Duration = .seconds(30)

    /// A hook with the defaults of the config file.
    public init(name: String, action: HookAction, events: Set<HookEvent> = HookConfig.defaultEvents,
                feeds: [String]? = nil, timeout: Duration = .seconds(30), maxAttempts: Int = 8,
                retryBase: Duration = HookConfig.defaultRetryBase, env: [String: String] = [:], line: Int = 0) {
        self.name = name
        self.action = action
        self.events = events
        self.feeds = feeds
        self.timeout = timeout
        self.maxAttempts = maxAttempts
        self.retryBase = retryBase
        self.env = env
        self.line = line
    }

    /// Whether this hook wants events of `feed`: no filter, or the feed's name or a tag listed.
    public func matches(_ feed: FeedConfig) -> Bool {
        guard let feeds else { return true }
        return feeds.contains(feed.name) || feed.tags.contains { feeds.contains($0) }
    }

    static let keys = ["name", "exec", "webhook", "secret", "secret_file", "events", "feeds", "timeout", "max_attempts",
                       "retry_base", "env", "env_files", HookDigestConfig.key] + HookTarget.keys + HookTemplates.keys + ItemRules.keys

    /// The keys that say what a hook does; a hook has exactly one (`telegram_file` counts as `telegram`).
    static let actionKeys = ["exec", "webhook"] + HookTarget.kinds + HookTarget.secretValued.map { $0 + "_file" }

    /// Reads one `[[hook]]`; `nil` when it has no name or no action (the problem is reported).
    /// `feedNames` and `tags` are what a `feeds` filter may name; a relative program path
    /// (`hooks/notify-desktop`) is resolved against `configFolder`, a bare name is left to `$PATH`;
    /// `environment` locates a `secret_file` (see `SecretFile`).
    init?(section: ConfigSection, feedNames: [String], tags: [String], configFolder: String,
          environment: [String: String] = [:]) {
        section.rejectUnknownKeys(known: Self.keys)
        let name = section.singleLineString("name")
        if section.entry("name") == nil { section.report("name", line: nil, "missing; every [[hook]] needs a name") }
        let action = Self.action(section, configFolder: configFolder, environment: environment)
            .map { Self.resolvingProgram(of: $0, against: configFolder) }
        let events = Self.events(section)
        let feeds = Self.feedFilter(section, feedNames: feedNames, tags: tags)
        var env = Self.environment(section)
        env.merge(Self.environmentFromFiles(section, configFolder: configFolder, environment: environment)) { _, file in file }
        let timeout = section.duration("timeout", in: ConfigLimits.hookTimeout) ?? .seconds(30)
        let attempts = section.integer("max_attempts", in: ConfigLimits.maxAttempts) ?? 8
        let retryBase = section.duration("retry_base", in: ConfigLimits.retryBase) ?? Self.defaultRetryBase
        let templates = HookTemplates.read(section, action: action)
        let rules = ItemRules.read(section)
        let digest = HookDigestConfig.read(section)
        guard let name, let action else { return nil }
        self.init(name: name, action: action, events: events, feeds: feeds, timeout: timeout,
                  maxAttempts: attempts, retryBase: retryBase, env: env, line: section.line)
        execLine = section.entry("exec")?.node.position.line
        self.templates = templates
        self.rules = rules
        self.digest = digest
    }

    private static func action(_ section: ConfigSection, configFolder: String,
                               environment: [String: String]) -> HookAction? {
        let given = actionKeys.compactMap { section.entry($0) }.sorted { $0.keyPosition < $1.keyPosition }
        let kinds = given.map { kind(of: $0.key) }
        guard let first = given.first, let kind = kinds.first else {
            section.report("exec", line: nil, "a hook needs exec = [\"/path/to/program\", …], webhook = \"https://…\" "
                + "or a target (" + HookTarget.kinds.joined(separator: ", ") + ")")
            return nil
        }
        if let later = zip(given, kinds).first(where: { $0.1 != kind })?.0 {
            let both = Set([first.key, later.key]) == ["exec", "webhook"] ? "exec or webhook, not both" : "one action"
            section.report(later.key, line: later.keyPosition.line,
                           "a hook has \(both) ('\(first.key)' at line \(first.keyPosition.line))")
            return nil
        }
        if kind != "webhook" {
            for key in ["secret", "secret_file"] {
                if let secret = section.entry(key) {
                    section.report(key, line: secret.keyPosition.line, "only a webhook hook is signed with a secret")
                }
            }
        }
        switch kind {
        case "exec": return execAction(section, entry: section.entry("exec"))
        case "webhook":
            guard let url = section.httpURL("webhook") else { return nil }
            return .webhook(url: url, secret: HookSecret.read(section, key: "secret", configFolder: configFolder,
                                                              environment: environment, singleLine: false))
        default:
            return HookTarget.read(kind: kind, section, configFolder: configFolder, environment: environment).map(HookAction.target)
        }
    }

    private static func execAction(_ section: ConfigSection, entry exec: TOMLEntry?) -> HookAction? {
        guard let arguments = section.stringArray("exec") else { return nil }
        guard let program = arguments.first?.text, !program.isEmpty else {
            section.report("exec", line: exec?.node.position.line,
                           "needs the program to run: exec = [\"/path/to/program\", \"arg\", …]")
            return nil
        }
        return .exec(arguments: arguments.map(\.text))
    }

    /// The action an action key names: `telegram_file` is a `telegram` hook.
    private static func kind(of key: String) -> String {
        let base = key.hasSuffix("_file") ? String(key.dropLast("_file".count)) : key
        return HookTarget.secretValued.contains(base) ? base : key
    }

    private static func resolvingProgram(of action: HookAction, against folder: String) -> HookAction {
        guard case .exec(var arguments) = action, let program = arguments.first,
              program.contains("/"), !program.hasPrefix("/") else { return action }
        arguments[0] = DaemonConfig.resolve(program, against: folder)
        return .exec(arguments: arguments)
    }

    private static func events(_ section: ConfigSection) -> Set<HookEvent> {
        guard let listed = section.stringArray("events") else { return defaultEvents }
        let names = HookEvent.allCases.map(\.rawValue)
        var events: Set<HookEvent> = []
        for item in listed {
            guard let event = HookEvent(rawValue: item.text) else {
                section.report("events", line: item.line, "unknown event \"\(item.text)\" (one of "
                    + names.joined(separator: ", ") + ")" + KeySuggestion.hint(for: item.text, in: names))
                continue
            }
            events.insert(event)
        }
        if listed.isEmpty {
            section.report("events", line: section.entry("events")?.node.position.line,
                           "is empty, so the hook would never run")
        }
        return events.isEmpty ? defaultEvents : events
    }

    private static func feedFilter(_ section: ConfigSection, feedNames: [String], tags: [String]) -> [String]? {
        guard let listed = section.stringArray("feeds") else { return nil }
        if listed.isEmpty {
            section.report("feeds", line: section.entry("feeds")?.node.position.line,
                           "is empty, so the hook would never run (leave it out to match every feed)")
        }
        for item in listed where !feedNames.contains(item.text) && !tags.contains(item.text) {
            section.report("feeds", line: item.line, "no feed or tag is named \"\(item.text)\""
                + KeySuggestion.hint(for: item.text, in: feedNames + tags))
        }
        return listed.map(\.text)
    }

    /// `env_files = { SMTP_PASSWORD = "smtp-password" }`: variables whose values are secrets read
    /// from files, found like `secret_file` (see `SecretFile`), so they need not sit in the config.
    private static func environmentFromFiles(_ section: ConfigSection, configFolder: String,
                                             environment: [String: String]) -> [String: String] {
        guard let files = section.stringTable("env_files") else { return [:] }
        guard case .table(let table)? = section.entry("env_files")?.node.value else { return [:] }
        if case .table(let inline)? = section.entry("env")?.node.value {
            for name in files.keys.sorted() where inline[name] != nil {
                section.report("env_files.\(name)", line: table[name]?.node.position.line,
                               "\(name) is set in env as well; set it in one of them")
            }
        }
        var values: [String: String] = [:]
        for (name, written) in files.sorted(by: { $0.key < $1.key }) {
            let line = table[name]?.node.position.line
            guard !name.isEmpty, !name.contains("=") else {
                section.report("env_files", line: line, "\"\(name)\" is not a valid environment variable name")
                continue
            }
            switch SecretFile.path(written, configFolder: configFolder, environment: environment).flatMap(SecretFile.read) {
            case .success(let value): values[name] = value
            case .failure(let failure): section.report("env_files.\(name)", line: line, failure.message)
            }
        }
        return values
    }

    private static func environment(_ section: ConfigSection) -> [String: String] {
        guard let env = section.stringTable("env") else { return [:] }
        for key in env.keys.sorted() where key.isEmpty || key.contains("=") || key.contains("\0") {
            section.report("env", line: section.entry("env")?.node.position.line,
                           "\"\(key)\" is not a valid environment variable name")
        }
        return env
    }
}
