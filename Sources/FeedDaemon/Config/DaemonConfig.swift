import Foundation
import FeedFetcher
import Logging

/// The `[daemon]` table: where the store lives, how often and how hard feedd polls.
public struct DaemonConfig: Sendable, Equatable {
    /// The SQLite file, absolute (a relative `database` is resolved against the config's folder),
    /// or a checked PostgreSQL connection URI as written; `store` tells which.
    public var database: String
    /// The line of `database` in the file, when the file sets it (and `FEEDD_DATABASE` does not).
    public var databaseLine: Int?
    /// Poll interval of a feed that sets none; with `autoInterval`, the interval of a feed whose
    /// publishing rate is not known yet.
    public var interval: Duration
    /// `interval = "auto"`: a feed that sets no interval follows its publishing rate.
    public var autoInterval: Bool
    /// No feed is polled more often than this, whatever its `<ttl>` or interval says.
    public var minInterval: Duration
    /// The cap of the error backoff and of intervals lengthened by a feed's hints.
    public var maxInterval: Duration
    /// Transfers in flight.
    public var concurrency: Int
    /// Transfers in flight to one host.
    public var perHost: Int
    /// Pause between two requests to the same host.
    public var hostDelay: Duration
    /// Total time one transfer may take.
    public var timeout: Duration
    /// The line of `timeout` in the file, when the file sets it.
    public var timeoutLine: Int?
    /// Time to establish a connection.
    public var connectTimeout: Duration
    /// Largest body accepted, in bytes (also after decompression).
    public var maxBodySize: Int
    public var userAgent: String
    public var logLevel: Logger.Level
    /// Items older than this are deleted (never ones with undelivered hooks); `nil` keeps all.
    public var keep: Duration?
    /// At most this many items per feed are kept; `nil` keeps all.
    public var maxItems: Int?
    /// Hooks running at once.
    public var hookConcurrency: Int
    /// Whether URLs a feed names (comment feeds, redirect targets) may reach loopback, private,
    /// link-local and multicast addresses (`allow_private_networks`, for a home server's LAN feeds).
    public var allowPrivateNetworks: Bool

    /// The version the default User-Agent names.
    public static let feeddVersion = FetcherOptions.version
    /// The User-Agent sent when `user_agent` is not set: it names feedd, its version and a contact page.
    public static let defaultUserAgent = "feedd/\(feeddVersion) (+https://example.org/feedd)"
    /// The store file when `database` is not set, next to the config.
    public static let defaultDatabase = "feedd.sqlite"

    /// The defaults, with the database next to a config in `folder`.
    public init(configFolder folder: String) {
        database = DaemonConfig.resolve(DaemonConfig.defaultDatabase, against: folder)
        interval = .seconds(15 * 60)
        autoInterval = false
        minInterval = .seconds(5 * 60)
        maxInterval = .seconds(24 * 3600)
        concurrency = 16
        perHost = 2
        hostDelay = .zero
        timeout = .seconds(60)
        connectTimeout = .seconds(10)
        maxBodySize = 16 << 20
        userAgent = DaemonConfig.defaultUserAgent
        logLevel = .info
        keep = nil
        maxItems = nil
        hookConcurrency = 4
        allowPrivateNetworks = false
    }

    /// Where the store is: the SQLite file or the PostgreSQL server `database` names.
    public var store: StoreLocation {
        StoreLocation.isPostgresURI(database) ? .postgres(uri: database) : .sqlite(path: database)
    }

    static let keys = [
        "database", "interval", "min_interval", "max_interval", "concurrency", "per_host", "host_delay",
        "timeout", "connect_timeout", "max_body_size", "user_agent", "log_level", "keep", "max_items",
        "hook_concurrency", "allow_private_networks",
    ]

    /// Reads `[daemon]`; keys that are absent or wrong keep their defaults.
    init(section: ConfigSection, configFolder folder: String) {
        self.init(configFolder: folder)
        section.rejectUnknownKeys(known: Self.keys)
        if let value = section.nonEmptyString("database") {
            databaseLine = section.entry("database")?.node.position.line
            do {
                database = try StoreLocation.parse(value, relativeTo: folder).setting
            } catch {
                section.report("database", line: databaseLine, error.message)
            }
        }
        autoInterval = section.isAutoInterval("interval")
        if !autoInterval { interval = section.duration("interval", in: ConfigLimits.pollInterval) ?? interval }
        minInterval = section.duration("min_interval", in: ConfigLimits.pollInterval) ?? minInterval
        maxInterval = section.duration("max_interval", in: ConfigLimits.pollInterval) ?? maxInterval
        concurrency = section.integer("concurrency", in: ConfigLimits.concurrency) ?? concurrency
        perHost = section.integer("per_host", in: ConfigLimits.perHost) ?? perHost
        hostDelay = section.duration("host_delay", in: ConfigLimits.hostDelay) ?? hostDelay
        timeout = section.duration("timeout", in: ConfigLimits.transferTimeout) ?? timeout
        timeoutLine = section.entry("timeout")?.node.position.line
        connectTimeout = section.duration("connect_timeout", in: ConfigLimits.connectTimeout) ?? connectTimeout
        maxBodySize = section.byteSize("max_body_size", in: ConfigLimits.maxBodySize) ?? maxBodySize
        userAgent = section.singleLineString("user_agent") ?? userAgent
        if let level = section.string("log_level") {
            let levels = Logger.Level.allCases.map(\.rawValue)
            if let parsed = Logger.Level(rawValue: level.lowercased()) {
                logLevel = parsed
            } else {
                section.report("log_level", line: section.entry("log_level")?.node.position.line,
                               "unknown level \"\(level)\" (one of \(levels.joined(separator: ", ")))"
                                   + KeySuggestion.hint(for: level, in: levels))
            }
        }
        keep = section.duration("keep", in: ConfigLimits.keep)
        maxItems = section.integer("max_items", in: ConfigLimits.maxItems)
        hookConcurrency = section.integer("hook_concurrency", in: ConfigLimits.hookConcurrency) ?? hookConcurrency
        allowPrivateNetworks = section.bool("allow_private_networks") ?? allowPrivateNetworks
        checkIntervalOrder(section)
    }

    private func checkIntervalOrder(_ section: ConfigSection) {
        let show = ConfigDuration.format
        if interval < minInterval, !autoInterval {
            section.report("interval", line: section.entry("interval")?.node.position.line,
                           "\(show(interval)) is shorter than min_interval (\(show(minInterval)))")
        }
        if interval > maxInterval, section.entry("interval") != nil, !autoInterval {
            section.report("interval", line: section.entry("interval")?.node.position.line,
                           "\(show(interval)) is longer than max_interval (\(show(maxInterval)))")
        }
        if maxInterval < minInterval {
            section.report("max_interval", line: section.entry("max_interval")?.node.position.line,
                           "\(show(maxInterval)) is shorter than min_interval (\(show(minInterval)))")
        }
        if perHost > concurrency {
            section.report("per_host", line: section.entry("per_host")?.node.position.line,
                           "\(perHost) is more than concurrency (\(concurrency))")
        }
    }

    /// An absolute path for `path`: as is when absolute, under the home folder for `~/…`,
    /// otherwise relative to the config's folder.
    static func resolve(_ path: String, against folder: String) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        if path == "~" || path.hasPrefix("~/") {
            let home = FileManager.default.homeDirectoryForCurrentUser
            return home.appendingPathComponent(String(path.dropFirst(2))).standardizedFileURL.path
        }
        let base = URL(fileURLWithPath: folder, isDirectory: true)
        return base.appendingPathComponent(path).standardizedFileURL.path
    }
}
