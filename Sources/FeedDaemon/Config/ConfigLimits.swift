/// The bounds of every number the config holds, in one place.
///
/// A value outside them is a config error with file, line and key, so that `check-config`
/// refuses what would later overflow a millisecond count handed to libcurl, a `Date`
/// computation of the scheduler or a hook's timer, and so that a SIGHUP with such a value is
/// refused instead of ending the running daemon. The upper bounds are far beyond any sensible
/// setting; they exist to keep arithmetic on the values exact, not to second-guess the operator.
public enum ConfigLimits {
    /// `interval`, `min_interval`, `max_interval` (daemon and feed): a second to a year.
    public static let pollInterval: ClosedRange<Duration> = .seconds(1) ... .seconds(365 * 86_400)
    /// `host_delay`: none, up to an hour between two requests to one host.
    public static let hostDelay: ClosedRange<Duration> = .zero ... .seconds(3600)
    /// `timeout`: the whole of one transfer, a second to an hour.
    public static let transferTimeout: ClosedRange<Duration> = .seconds(1) ... .seconds(3600)
    /// `connect_timeout`: a second to ten minutes.
    public static let connectTimeout: ClosedRange<Duration> = .seconds(1) ... .seconds(600)
    /// `keep` (daemon and feed): a second to a hundred years (leave `keep` out to keep everything).
    public static let keep: ClosedRange<Duration> = .seconds(1) ... .seconds(36_500 * 86_400)
    /// `comments_window`: a second to a hundred years, like `keep`: a long window is how a replayed
    /// archive (articles dated years back) still gets its comment feeds polled.
    public static let commentsWindow: ClosedRange<Duration> = .seconds(1) ... .seconds(36_500 * 86_400)
    /// A hook's `timeout`: a second to an hour (the service's `TimeoutStopSec` must cover it).
    public static let hookTimeout: ClosedRange<Duration> = .seconds(1) ... .seconds(3600)
    /// A hook's `retry_base`: a second to six hours, the largest retry window there is.
    public static let retryBase: ClosedRange<Duration> = .seconds(1) ... .seconds(6 * 3600)
    /// A hook's `digest` period: a second to 31 days (a month's digest; `daily HH:MM` for mornings).
    public static let digestPeriod: ClosedRange<Duration> = .seconds(1) ... .seconds(31 * 86_400)

    /// `concurrency`: transfers in flight.
    public static let concurrency: ClosedRange<Int> = 1...4096
    /// `per_host`: transfers in flight to one host.
    public static let perHost: ClosedRange<Int> = 1...4096
    /// `hook_concurrency`: hooks running at once.
    public static let hookConcurrency: ClosedRange<Int> = 1...1024
    /// A hook's `max_attempts`.
    public static let maxAttempts: ClosedRange<Int> = 1...1000
    /// `max_items` (daemon and feed): items kept per feed.
    public static let maxItems: ClosedRange<Int> = 1...100_000_000
    /// The config file itself, in bytes: room for a hundred thousand feeds.
    public static let maxFileBytes = 64 << 20
    /// `max_body_size`, in bytes: 1 KiB (no feed is smaller) to 1 GiB.
    public static let maxBodySize: ClosedRange<Int> = (1 << 10)...(1 << 30)
}
