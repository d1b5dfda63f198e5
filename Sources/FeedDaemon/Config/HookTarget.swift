import Foundation

/// A built-in notification target of a `[[hook]]`: one key names the service, the others give
/// where and as whom to post. Secrets may come from `*_file` keys (see `HookSecret`).
public enum HookTarget: Sendable, Equatable {
    /// `ntfy = "https://ntfy.sh/TOPIC"`, optional `token`.
    case ntfy(topic: URL, token: String?)
    /// `gotify = "https://gotify.example.org"`, `token`, optional `priority`.
    case gotify(server: URL, token: String, priority: Int?)
    /// `telegram = "BOT_TOKEN"` (or `telegram_file`), `chat_id`, optional `api_url`.
    case telegram(token: String, chatID: String, apiURL: URL?)
    /// `matrix = "https://homeserver"`, `room`, `access_token`.
    case matrix(homeserver: URL, room: String, accessToken: String)
    /// `discord = "https://discord.com/api/webhooks/ID/TOKEN"` (or `discord_file`).
    case discord(webhook: URL)
    /// `slack = "https://hooks.slack.com/services/…"` (or `slack_file`).
    case slack(webhook: URL)
    /// `email = "smtp://host:587"` or `smtps://`, `to`, `from`, optional `username` and `password`.
    case email(server: URL, from: String, to: [String], username: String?, password: String?)

    /// The keys that name a target, in the order the README lists them.
    static let kinds = ["ntfy", "gotify", "telegram", "matrix", "discord", "slack", "email"]

    /// Targets whose naming value is itself a secret, so it may be read from `KIND_file`.
    static let secretValued = ["telegram", "discord", "slack"]

    /// The keys each target takes besides its naming key; any of them on another hook is an error.
    static let keysByKind: [String: [String]] = [
        "ntfy": ["token", "token_file"],
        "gotify": ["token", "token_file", "priority"],
        "telegram": ["chat_id", "api_url"],
        "matrix": ["room", "access_token", "access_token_file"],
        "discord": [],
        "slack": [],
        "email": ["to", "from", "username", "password", "password_file"],
    ]

    /// Every key a target may take.
    static var keys: [String] {
        kinds + secretValued.map { $0 + "_file" } + Set(keysByKind.values.joined()).sorted()
    }

    /// Gotify's priorities run from 0 (no notification) to 10.
    static let gotifyPriority = 0...10

    /// Reads the target `kind` names; nil when something it needs is missing or invalid (reported).
    static func read(kind: String, _ section: ConfigSection, configFolder: String,
                     environment: [String: String]) -> HookTarget? {
        rejectForeignKeys(of: kind, section)
        let secret = { (key: String) in
            HookSecret.read(section, key: key, configFolder: configFolder, environment: environment)
        }
        switch kind {
        case "ntfy":
            guard let topic = section.httpURL("ntfy") else { return nil }
            if topic.path.split(separator: "/").isEmpty {
                section.report("ntfy", line: section.entry("ntfy")?.node.position.line,
                               "needs the topic in the URL: ntfy = \"https://ntfy.sh/TOPIC\"")
                return nil
            }
            let token = HookSecret.isGiven(section, key: "token") ? secret("token") : nil
            return .ntfy(topic: topic, token: token)
        case "gotify":
            let server = section.httpURL("gotify")
            let token = required(section, "token", example: "token = \"APP_TOKEN\"") { secret("token") }
            let priority = section.integer("priority", in: gotifyPriority)
            guard let server, let token else { return nil }
            return .gotify(server: server, token: token, priority: priority)
        case "telegram":
            let token = secret("telegram")
            let chat = required(section, "chat_id", example: "chat_id = \"-1001234567890\"") { chatID(section) }
            let api = section.entry("api_url") == nil ? nil : section.httpURL("api_url")
            guard let token, let chat else { return nil }
            return .telegram(token: token, chatID: chat, apiURL: api)
        case "matrix":
            let homeserver = section.httpURL("matrix")
            let room = required(section, "room", example: "room = \"!roomid:example.org\"") { roomID(section) }
            let accessToken = required(section, "access_token", example: "access_token_file = \"matrix-token\"") {
                secret("access_token")
            }
            guard let homeserver, let room, let accessToken else { return nil }
            return .matrix(homeserver: homeserver, room: room, accessToken: accessToken)
        case "discord":
            return secretURL("discord", section, configFolder: configFolder, environment: environment).map(HookTarget.discord)
        case "slack":
            return secretURL("slack", section, configFolder: configFolder, environment: environment).map(HookTarget.slack)
        case "email":
            return EmailTargetConfig.read(section, configFolder: configFolder, environment: environment)
        default:
            return nil
        }
    }

    /// A key the target needs: reported when neither it nor its `_file` form is given.
    static func required<T>(_ section: ConfigSection, _ key: String, example: String, _ read: () -> T?) -> T? {
        guard section.entry(key) != nil || section.entry(key + "_file") != nil else {
            section.report(key, line: nil, "missing; this hook needs \(example)")
            return nil
        }
        return read()
    }

    /// Keys of other targets are a slip (a `chat_id` on an ntfy hook): reported, not ignored.
    private static func rejectForeignKeys(of kind: String, _ section: ConfigSection) {
        let own = Set(keysByKind[kind] ?? [])
        for entry in section.table.entries {
            guard !own.contains(entry.key), let owner = kinds.first(where: { keysByKind[$0]?.contains(entry.key) == true })
            else { continue }
            section.report(entry.key, line: entry.keyPosition.line, "is a key of a \(owner) hook, and this one is \(kind)")
        }
    }

    /// Telegram's `chat_id`: an integer, or a string (`@channel` or a numeric id).
    private static func chatID(_ section: ConfigSection) -> String? {
        guard let node = section.entry("chat_id")?.node else { return nil }
        if case .integer(let id) = node.value { return String(id) }
        return section.singleLineString("chat_id")
    }

    /// Matrix sends to a room id; an alias (`#room:server`) would first have to be resolved.
    private static func roomID(_ section: ConfigSection) -> String? {
        guard let room = section.singleLineString("room") else { return nil }
        guard room.hasPrefix("!") else {
            section.report("room", line: section.entry("room")?.node.position.line,
                           "\"\(room)\" is not a room id; give the id (\"!abc:example.org\", in the room's settings), not an alias")
            return nil
        }
        return room
    }

    /// A webhook URL that is itself the secret: `KIND = "https://…"` or `KIND_file`, not both.
    private static func secretURL(_ kind: String, _ section: ConfigSection, configFolder: String,
                                  environment: [String: String]) -> URL? {
        guard section.entry(kind + "_file") != nil else { return section.httpURL(kind) }
        guard let text = HookSecret.read(section, key: kind, configFolder: configFolder, environment: environment) else {
            return nil
        }
        guard let url = URL(string: text.trimmingCharacters(in: .whitespaces)),
              ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host() != nil else {
            // The URL is the secret, so the message does not repeat it.
            section.report(kind + "_file", line: section.entry(kind + "_file")?.node.position.line,
                           "the file does not hold an http or https URL")
            return nil
        }
        return url
    }
}
