import FeedModel
import FeedStore
import Foundation

/// What `feedd status` shows: every main feed, each followed by the comment feeds of its articles,
/// with why its next poll is when it is. A main feed not polled yet shows the interval its
/// config gives it, so the reason is never blank.
public struct StatusReport: Sendable {
    public let rows: [FeedStatus]

    /// `rows` (the store's, and configured feeds it does not know) in display order; comment feeds
    /// only when `includeComments`.
    public init(rows all: [FeedStatus], config: Config, includeComments: Bool) {
        let settings = Dictionary(config.feeds.map { ($0.name, config.intervalSetting(of: $0)) }, uniquingKeysWith: { a, _ in a })
        let policy = PollPolicy(minInterval: config.daemon.minInterval.timeInterval,
                                maxInterval: config.daemon.maxInterval.timeInterval)
        var ordered: [FeedStatus] = []
        let comments = Dictionary(grouping: all.filter { $0.kind == .comments }, by: { $0.article?.feedID ?? -1 })
        for var main in all where main.kind == .main {
            if main.schedule == nil, let setting = settings[main.name] {
                let chosen = policy.interval(for: setting, ttl: nil, cacheMaxAge: nil, autoEstimate: nil,
                                             fallback: config.daemon.interval.timeInterval)
                main.schedule = ScheduleNote(intervalSeconds: chosen.seconds, reason: chosen.reason)
            }
            ordered.append(main)
            if includeComments { ordered += comments[main.feedID] ?? [] }
        }
        if includeComments { ordered += comments[-1] ?? [] }
        rows = ordered
    }

    /// The longest an error is shown in the table, in characters; `--json` has all of it.
    public static let errorColumnWidth = 100

    /// The table's header and one row per feed; every cell one line (the caller escapes them).
    public var table: [[String]] {
        let header = ["FEED", "STATE", "LAST FETCH", "STATUS", "ITEMS", "NEXT POLL", "INTERVAL", "LAST ERROR"]
        return [header] + rows.map { row in
            [Self.displayName(row), row.state.rawValue, row.lastFetchedAt.map(RFC3339.format) ?? "never",
             row.lastStatus.map(String.init) ?? "-", String(row.itemCount),
             row.state == .active ? RFC3339.format(row.effectiveNextPoll) : "-",
             row.state == .active ? Self.interval(row.schedule) : "-", Self.note(row)]
        }
    }

    /// A main feed's name; a comment feed indented under its main feed, named by its article.
    static func displayName(_ row: FeedStatus) -> String {
        guard row.kind == .comments else { return row.name }
        let article = row.article?.title ?? row.article?.url ?? row.url
        return "  comments: " + Self.oneLine(article, width: 60)
    }

    /// "10m configured", "2h ttl": the interval and its reason.
    static func interval(_ note: ScheduleNote?) -> String {
        guard let note else { return "-" }
        return "\(DurationText.format(note.intervalSeconds)) \(note.reason.rawValue)"
    }

    /// The last error (with the count of errors in a row), or why a feed is retired or paused.
    static func note(_ row: FeedStatus) -> String {
        switch row.state {
        case .retired: return "retired: " + oneLine(row.retiredReason ?? "no reason recorded", width: errorColumnWidth)
        case .paused: return row.retiredReason == Store.pausedReason ? "paused in the config" : "its main feed is paused"
        case .active:
            guard let error = row.lastError else {
                return row.lastWarning.map { "warning: " + oneLine($0, width: errorColumnWidth) } ?? ""
            }
            let text = oneLine(error, width: errorColumnWidth)
            return row.consecutiveErrors > 0 ? "(\(row.consecutiveErrors)x) \(text)" : text
        }
    }

    /// The first line of `text`, cut to `width` characters with an ellipsis.
    static func oneLine(_ text: String, width: Int) -> String {
        let first = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init) ?? ""
        if first.count > width { return String(first.prefix(width - 1)) + "…" }
        return first.count < text.count ? first + " …" : first
    }

    /// The rows as one JSON array, one object per feed; absent values are `null`.
    public var json: String {
        JSONValue.array(rows.map(Self.object)).serialized(pretty: true)
    }

    static func object(_ row: FeedStatus) -> JSONValue {
        func date(_ value: Date?) -> JSONValue { value.map { .string(RFC3339.format($0)) } ?? .null }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func number(_ value: Double?) -> JSONValue { value.map { $0.isFinite ? .number($0) : .null } ?? .null }
        let article: JSONValue = row.article.map { .object([("title", text($0.title)), ("url", text($0.url))]) } ?? .null
        let active = row.state == .active
        return .object([
            ("name", .string(row.name)), ("url", .string(row.url)), ("kind", .string(row.kind.rawValue)),
            ("state", .string(row.state.rawValue)), ("title", text(row.title)), ("article", article),
            ("last_fetch", date(row.lastFetchedAt)), ("last_status", row.lastStatus.map { .integer(Int64($0)) } ?? .null),
            ("last_error", text(row.lastError)), ("last_warning", text(row.lastWarning)), ("consecutive_errors", .integer(Int64(row.consecutiveErrors))),
            ("retired_reason", text(row.state == .active ? nil : row.retiredReason)),
            ("items", .integer(Int64(row.itemCount))), ("next_poll", active ? date(row.effectiveNextPoll) : .null),
            ("interval_seconds", active ? number(row.schedule?.intervalSeconds) : .null),
            ("interval_reason", active ? text(row.schedule?.reason.rawValue) : .null),
            ("retry_not_before", date(row.retryNotBefore)),
            ("ttl_seconds", number(row.schedule?.ttl)), ("cache_max_age_seconds", number(row.schedule?.cacheMaxAge)),
            ("update_period_seconds", number(row.schedule?.updatePeriod)),
        ])
    }
}

/// Seconds as the config writes durations: `90s`, `10m`, `1h30m`, `2d`.
enum DurationText {
    static func format(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e12 else { return "-" }
        return ConfigDuration.format(.seconds(Int64(seconds.rounded())))
    }
}
