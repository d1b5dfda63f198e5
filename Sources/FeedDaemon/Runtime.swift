import FeedFetcher
import FeedNotifier
import FeedStore
import Foundation

/// The running parts built from one configuration: the store, the fetcher, the refresh path and the
/// notifier. `feedd fetch`, `feedd run` and the query commands all start here.
public final class Runtime: Sendable {
    public let config: Config
    /// The store `config.daemon.database` names, SQLite or PostgreSQL.
    public let store: any FeedStoring
    public let fetcher: Fetcher
    public let refresher: Refresher
    public let notifier: Notifier
    /// This process's claims on feeds and deliveries, shared by every pass and drain.
    public let claims: ClaimPolicy

    /// Opens the store named by the config and reconciles its feed list with the config's;
    /// `previous` is the config this process ran before a reload (see `FeedListOwnership`).
    /// While the database server is unavailable, opening is tried as `patience` allows.
    public init(config: Config, previous: Config? = nil, now: Date = Date(), patience: UnavailablePatience = .oneShot,
                log: @escaping @Sendable (String) -> Void = { _ in }) throws(StoreError) {
        self.config = config
        let location = config.daemon.store
        let unlisted = FeedListOwnership.unlisted(in: location, previous: previous, current: config)
        let subscriptions = config.feeds.map { Runtime.subscription($0, in: config) }
        store = try patience.retrying { () throws(StoreError) -> any FeedStoring in
            let store = try StoreOpening.open(location)
            _ = try store.syncConfiguredFeeds(subscriptions, stopping: unlisted, now: now)
            return store
        }
        fetcher = Fetcher(options: Runtime.fetcherOptions(config.daemon))
        refresher = Refresher(config: config, store: store, fetcher: fetcher)
        claims = LeaseSetting.policy()
        notifier = Notifier(store: store, hooks: config.hooks.map(Runtime.hookDefinition),
                            fetcher: fetcher, concurrency: config.daemon.hookConcurrency, claims: claims, log: log)
        sweepDeadOwners()
    }

    /// Lets the claims of a dead process on this host lapse now (see `DeadOwnerSweep`); the
    /// daemon calls it every round, and every command on start.
    public func sweepDeadOwners() {
        DeadOwnerSweep.sweep(store, me: claims.owner, now: Date())
    }

    deinit { fetcher.shutdown() }

    /// A pass over feeds with this runtime's refresh path, concurrency and claims.
    public func fetchPass() -> FetchPass {
        FetchPass(refresher: refresher, concurrency: config.daemon.concurrency, claims: claims)
    }

    /// The fetcher settings of the `[daemon]` table.
    public static func fetcherOptions(_ daemon: DaemonConfig) -> FetcherOptions {
        var options = FetcherOptions()
        options.concurrency = daemon.concurrency
        options.perHost = daemon.perHost
        options.hostDelay = daemon.hostDelay.timeInterval
        options.connectTimeout = daemon.connectTimeout.timeInterval
        options.totalTimeout = daemon.timeout.timeInterval
        options.maxBodyBytes = daemon.maxBodySize
        options.userAgent = daemon.userAgent
        return options
    }

    /// What the store keeps of `feed`; retention is the feed's own `keep` and `max_items`, else the
    /// `[daemon]` ones, which are the defaults of every feed.
    static func subscription(_ feed: FeedConfig, in config: Config) -> FeedSubscription {
        FeedSubscription(name: feed.name, url: feed.urlText, tags: feed.tags,
                         interval: feed.interval?.timeInterval, followComments: feed.followComments,
                         commentsWindow: feed.commentsWindow.timeInterval, notifyBacklog: feed.notifyBacklog,
                         keep: config.keep(of: feed)?.timeInterval, maxItems: config.maxItems(of: feed),
                         paused: feed.paused)
    }

    static func hookDefinition(_ hook: HookConfig) -> HookDefinition {
        var definition = undigestedDefinition(hook)
        definition.digest = hook.digest
        return definition
    }

    private static func undigestedDefinition(_ hook: HookConfig) -> HookDefinition {
        let retry = RetryPolicy(maxAttempts: hook.maxAttempts, base: hook.retryBase.timeInterval)
        switch hook.action {
        case .exec(let arguments):
            return HookDefinition(name: hook.name, target: .exec(ExecHook(argv: arguments, timeout: hook.timeout,
                                                                           environment: hook.env)), retry: retry)
        case .webhook(let url, let secret):
            var webhook = WebhookHook(url: url.absoluteString, secret: secret, timeout: hook.timeout)
            webhook.contentType = hook.templates.contentType
            webhook.template = Runtime.template(hook.templates.template,
                                                HookTemplates.webhookEscaping(contentType: hook.templates.contentType))
            return HookDefinition(name: hook.name, target: .webhook(webhook), retry: retry)
        case .target(let target):
            return HookDefinition(name: hook.name, target: target.notifierTarget(timeout: hook.timeout, templates: hook.templates),
                                  retry: retry)
        }
    }

    /// A template the config loader already parsed (so this cannot fail; a failure would send the default text).
    static func template(_ source: String?, _ escaping: MessageTemplate.Escaping) -> MessageTemplate? {
        source.flatMap { try? MessageTemplate($0, escaping: escaping) }
    }
}
