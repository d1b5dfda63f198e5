import Foundation

/// One `[[feed]]`: a site's main feed and how to treat it.
public struct FeedConfig: Sendable, Equatable {
    /// http or https.
    ///
    /// Kept as its text and parsed when asked for: the daemon holds every configured feed for its
    /// whole life, and a parsed Foundation `URL` is two objects of about 220 bytes beside the text
    /// (2.2 MB for 10,000 feeds in heaptrack). The daemon reads it only when it builds its plans
    /// and syncs the store, not on each poll.
    public var url: URL {
        // `urlText` is always some URL's `absoluteString`, which parses again; the fallback is
        // for the type checker, not a case that occurs.
        get { URL(string: urlText) ?? URL(fileURLWithPath: "/") }
        set { urlText = newValue.absoluteString }
    }
    /// `url` as written (after trimming), as `URL.absoluteString` gives it back.
    public private(set) var urlText: String
    /// Unique among the feeds; defaults to the URL's host.
    public var name: String
    /// Overrides `[daemon] interval`; never below `min_interval`. Nil with `autoInterval` or for the default.
    public var interval: Duration?
    /// `interval = "auto"`: the interval follows the feed's publishing rate.
    public var autoInterval: Bool
    /// `paused = true`: the feed stays configured but is not polled (`feedd pause`, `feedd resume`).
    public var paused: Bool
    /// `html_url`: the site's own page, as an OPML import gave it (`htmlUrl`), for the export.
    public var htmlURL: String?
    public var tags: [String]
    /// `block` / `allow`: the items of this feed that fire hooks (all by default).
    public var rules = ItemRules()
    /// Whether per-article comment feeds (`wfw:commentRss`, Atom `rel="replies"`) are followed.
    public var followComments: Bool
    /// How long after an article's publication its comment feed is polled.
    public var commentsWindow: Duration
    /// Whether the first fetch's backlog fires hooks.
    public var notifyBacklog: Bool
    /// Overrides `[daemon] keep`.
    public var keep: Duration?
    /// Overrides `[daemon] max_items`.
    public var maxItems: Int?
    /// Overrides `[daemon] allow_private_networks` for this feed and its comment feeds; nil inherits it.
    public var allowPrivateNetworks: Bool?
    /// The line of the `[[feed]]` header, for messages about this feed (0 when built in code).
    public var line: Int

    /// Comments of an article are polled for a week after it was published, unless set.
    public static let defaultCommentsWindow: Duration = .seconds(7 * 86_400)

    /// A feed with the defaults of the config file.
    public init(url: URL, name: String? = nil, interval: Duration? = nil, tags: [String] = [],
                followComments: Bool = true, commentsWindow: Duration = FeedConfig.defaultCommentsWindow,
                notifyBacklog: Bool = false, keep: Duration? = nil, maxItems: Int? = nil,
                allowPrivateNetworks: Bool? = nil, autoInterval: Bool = false, paused: Bool = false, htmlURL: String? = nil, line: Int = 0) {
        self.urlText = url.absoluteString
        self.htmlURL = htmlURL
        self.autoInterval = autoInterval
        self.paused = paused
        self.name = name ?? url.host() ?? url.absoluteString
        self.interval = interval
        self.tags = tags
        self.followComments = followComments
        self.commentsWindow = commentsWindow
        self.notifyBacklog = notifyBacklog
        self.keep = keep
        self.maxItems = maxItems
        self.allowPrivateNetworks = allowPrivateNetworks
        self.line = line
    }

    static let keys = [
        "url", "name", "interval", "tags", "follow_comments", "comments_window", "notify_backlog", "keep",
        "max_items", "allow_private_networks", "paused", "html_url",
    ] + ItemRules.keys

    /// Reads one `[[feed]]`; `nil` when it has no usable URL (the problem is reported).
    init?(section: ConfigSection, daemon: DaemonConfig) {
        section.rejectUnknownKeys(known: Self.keys)
        guard section.entry("url") != nil else {
            section.report("url", line: nil, "missing; every [[feed]] needs url = \"https://…\"")
            return nil
        }
        guard let url = section.httpURL("url") else { return nil }
        var tags: [String] = []
        for tag in section.stringArray("tags") ?? [] {
            let trimmed = tag.text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                section.report("tags", line: tag.line, "a tag must not be empty")
            } else if let control = ConfigSection.firstControlCharacter(in: trimmed) {
                section.report("tags", line: tag.line, "a tag must not contain the control character \(control.codeLabel)")
            } else if !tags.contains(trimmed) {
                tags.append(trimmed)
            }
        }
        let auto = section.isAutoInterval("interval")
        self.init(url: url, name: section.singleLineString("name"),
                  interval: auto ? nil : section.duration("interval", in: ConfigLimits.pollInterval),
                  tags: tags, followComments: section.bool("follow_comments") ?? true,
                  commentsWindow: section.duration("comments_window", in: ConfigLimits.commentsWindow)
                      ?? Self.defaultCommentsWindow,
                  notifyBacklog: section.bool("notify_backlog") ?? false,
                  keep: section.duration("keep", in: ConfigLimits.keep),
                  maxItems: section.integer("max_items", in: ConfigLimits.maxItems),
                  allowPrivateNetworks: section.bool("allow_private_networks"), autoInterval: auto,
                  paused: section.bool("paused") ?? false, htmlURL: section.singleLineString("html_url"), line: section.line)
        rules = ItemRules.read(section)
        if let interval, interval < daemon.minInterval {
            section.report("interval", line: section.entry("interval")?.node.position.line,
                           "\(ConfigDuration.format(interval)) is shorter than min_interval "
                               + "(\(ConfigDuration.format(daemon.minInterval)) in [daemon])")
        }
        if let interval, interval > daemon.maxInterval {
            section.report("interval", line: section.entry("interval")?.node.position.line,
                           "\(ConfigDuration.format(interval)) is longer than max_interval "
                               + "(\(ConfigDuration.format(daemon.maxInterval)) in [daemon]), which would cut it short")
        }
    }

    /// The form of the URL two entries are compared by: scheme and host are case-insensitive.
    var identityURL: String {
        guard var parts = URLComponents(string: urlText) else { return urlText }
        parts.scheme = parts.scheme?.lowercased()
        parts.host = parts.host?.lowercased()
        return parts.string ?? urlText
    }
}
