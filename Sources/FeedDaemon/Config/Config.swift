/// The whole configuration: the daemon's settings, the feeds and the hooks, as read from
/// one TOML file (see `config/feedd.toml` for every key).
public struct Config: Sendable, Equatable {
    public var daemon: DaemonConfig
    public var feeds: [FeedConfig]
    public var hooks: [HookConfig]
    /// The file this was read from, as it was named to the loader.
    public var sourcePath: String

    /// A config assembled in code (tests, or a daemon given feeds another way).
    public init(daemon: DaemonConfig, feeds: [FeedConfig], hooks: [HookConfig], sourcePath: String) {
        self.daemon = daemon
        self.feeds = feeds
        self.hooks = hooks
        self.sourcePath = sourcePath
    }

    /// The hooks whose `feeds` filter names this feed or one of its tags (all hooks without a filter).
    public func hooks(for feed: FeedConfig) -> [HookConfig] {
        hooks.filter { $0.matches(feed) }
    }

    /// The feed called `name`, if any.
    public func feed(named name: String) -> FeedConfig? {
        feeds.first { $0.name == name }
    }

    /// The effective poll interval of `feed`: its own, else the daemon's.
    public func interval(of feed: FeedConfig) -> Duration {
        feed.interval ?? daemon.interval
    }

    /// How the config sets `feed`'s poll interval: its own (a duration or "auto"), else the daemon's.
    public func intervalSetting(of feed: FeedConfig) -> IntervalSetting {
        if feed.autoInterval { return .ownAuto }
        if let own = feed.interval { return .own(own.timeInterval) }
        return daemon.autoInterval ? .daemonAuto : .daemonDefault(daemon.interval.timeInterval)
    }

    /// The retention age of `feed`: its own `keep`, else the daemon's; `nil` keeps every item.
    public func keep(of feed: FeedConfig) -> Duration? {
        feed.keep ?? daemon.keep
    }

    /// The item cap of `feed`: its own `max_items`, else the daemon's; `nil` means no cap.
    public func maxItems(of feed: FeedConfig) -> Int? {
        feed.maxItems ?? daemon.maxItems
    }
}
