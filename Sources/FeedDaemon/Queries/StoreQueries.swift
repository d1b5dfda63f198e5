import FeedParser
import FeedStore
import Foundation

/// The read-only side of feedd (`items`, `search`, `status`, `hooks`): the store opened for reading
/// only, no fetcher, nothing synced or written. A store not created yet (no fetch so far) reads as
/// empty, and the configured feeds it does not know yet show as never fetched.
public struct StoreQueries: Sendable {
    public let config: Config
    /// Nil while the SQLite file does not exist.
    public let store: (any FeedStoring)?

    /// A feed name that is neither configured nor stored.
    public struct UnknownFeed: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "no feed named \"\(name)\"" }
    }

    /// Opens the config's database for reading, if there is one; a database server that is
    /// away is tried as `patience` allows.
    public init(config: Config, patience: UnavailablePatience = .oneShot) throws(StoreError) {
        self.config = config
        let location = config.daemon.store
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            store = nil
        } else {
            store = try StoreOpening.open(location, readOnly: true, patience: patience)
        }
    }

    /// Items newest first by their date; an unknown `feed` name is an error, not an empty list.
    public func items(feed: String?, comments: Bool, since: Date?, limit: Int, includeBlocked: Bool = false) throws -> [ListedItem] {
        if let feed, config.feed(named: feed) == nil, try store?.hasMainFeed(named: feed) != true {
            throw UnknownFeed(name: feed)
        }
        return try store?.listedItems(ItemFilter(feedName: feed, comments: comments, since: since, limit: limit,
                                                        includeBlocked: includeBlocked)) ?? []
    }

    /// Full-text search, best match first.
    public func search(_ query: String, limit: Int) throws(StoreError) -> [ListedItem] {
        try store?.searchListed(query, limit: limit) ?? []
    }

    /// `feedd status`: the stored feeds, and the configured ones the store does not know yet.
    public func status(includeComments: Bool, now: Date = Date()) throws(StoreError) -> StatusReport {
        var rows = try store?.statusRows() ?? []
        let known = Set(rows.filter { $0.kind == .main }.map(\.name))
        for feed in config.feeds where !known.contains(feed.name) {
            rows.append(FeedStatus(feedID: -1, name: feed.name, url: feed.urlText, kind: .main,
                                   isActive: !feed.paused, lastFetchedAt: nil, lastStatus: nil, itemCount: 0,
                                   nextPollAt: now, lastError: nil, consecutiveErrors: 0,
                                   retiredReason: feed.paused ? Store.pausedReason : nil))
        }
        return StatusReport(rows: rows, config: config, includeComments: includeComments)
    }

    /// Deliveries in one state, for `feedd hooks`.
    public func outbox(_ state: OutboxState) throws(StoreError) -> [OutboxEntry] {
        try store?.outbox(state: state) ?? []
    }

    /// The most recent deliveries of every state, newest first, for `feedd hooks log`.
    public func recentDeliveries(hook: String?, limit: Int) throws(StoreError) -> [OutboxEntry] {
        try store?.recentDeliveries(hook: hook, limit: limit) ?? []
    }

    /// A date as `--since` takes it: RFC 3339, or a day as YYYY-MM-DD.
    public static func date(_ text: String) -> Date? {
        DateParser.parse(text)
    }
}
