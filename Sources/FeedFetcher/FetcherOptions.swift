import Foundation

/// Limits and politeness settings for one `Fetcher`; every default is a named constant with its unit.
public struct FetcherOptions: Sendable {
    /// Transfers in flight at once, over all hosts.
    public static let defaultConcurrency = 16
    /// Transfers in flight at once to one host, so a site's many comment feeds never arrive together.
    public static let defaultPerHost = 2
    /// Seconds between the starts of two transfers to the same host.
    public static let defaultHostDelay: TimeInterval = 0
    /// Seconds to establish a connection (TCP and TLS).
    public static let defaultConnectTimeout: TimeInterval = 10
    /// Seconds for a whole fetch, redirects included.
    public static let defaultTotalTimeout: TimeInterval = 60
    /// Bytes per second below which a transfer counts as stalled.
    public static let defaultLowSpeedLimit = 100
    /// Seconds a transfer may stay below `lowSpeedLimit` before it is cut off.
    public static let defaultLowSpeedTime: TimeInterval = 20
    /// Bytes of decoded body a response may have; feeds are small, a bigger body is a mistake or an attack.
    public static let defaultMaxBodyBytes = 16 << 20
    /// Redirects followed before giving up.
    public static let defaultMaxRedirects = 5
    /// The version named in the default `User-Agent`.
    public static let version = "0.1.0"
    /// `User-Agent` sent when the configuration names none.
    public static let defaultUserAgent = "feedd/\(version)"

    /// Transfers in flight at once, over all hosts.
    public var concurrency: Int
    /// Transfers in flight at once to one host.
    public var perHost: Int
    /// Minimum seconds between the starts of two transfers to one host.
    public var hostDelay: TimeInterval
    /// Seconds to establish a connection.
    public var connectTimeout: TimeInterval
    /// Seconds for the whole fetch, redirects included.
    public var totalTimeout: TimeInterval
    /// Bytes per second below which a transfer counts as stalled.
    public var lowSpeedLimit: Int
    /// Seconds below `lowSpeedLimit` before the transfer is cut off.
    public var lowSpeedTime: TimeInterval
    /// Maximum decoded body size in bytes.
    public var maxBodyBytes: Int
    /// Maximum number of redirects followed.
    public var maxRedirects: Int
    /// The `User-Agent` header of every request.
    public var userAgent: String
    /// Accept `file:` URLs for every request (tests and local feeds); otherwise only requests that ask may use them.
    public var allowFileURLs: Bool

    /// Options with the documented defaults; override any of them by name.
    public init(concurrency: Int = defaultConcurrency,
                perHost: Int = defaultPerHost,
                hostDelay: TimeInterval = defaultHostDelay,
                connectTimeout: TimeInterval = defaultConnectTimeout,
                totalTimeout: TimeInterval = defaultTotalTimeout,
                lowSpeedLimit: Int = defaultLowSpeedLimit,
                lowSpeedTime: TimeInterval = defaultLowSpeedTime,
                maxBodyBytes: Int = defaultMaxBodyBytes,
                maxRedirects: Int = defaultMaxRedirects,
                userAgent: String = defaultUserAgent,
                allowFileURLs: Bool = false) {
        self.concurrency = max(1, concurrency)
        self.perHost = max(1, perHost)
        self.hostDelay = max(0, hostDelay)
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = max(0, maxRedirects)
        self.userAgent = userAgent
        self.allowFileURLs = allowFileURLs
    }
}
