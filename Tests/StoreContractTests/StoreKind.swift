import FeedDaemon
import FeedModel
import FeedStore
import FeedStorePostgres
import Foundation
import TestSupport
import Testing

/// The stores the contract suite runs against: every test of it runs once per kind, written
/// against `any FeedStoring`, so both stores pass one specification.
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres

    var description: String { rawValue }
}

/// A fresh store of one kind (a temporary SQLite file, or a new database on the test run's private
/// PostgreSQL server), with helpers to add feeds and ingest entries under the daemon's rules.
final class ContractFixture {
    let kind: StoreKind
    let store: any FeedStoring
    /// Where the store lives: the SQLite file's path or the PostgreSQL URI.
    let location: String
    private let directory: TemporaryDirectory?

    /// A fixed clock, so tests never depend on the time they run at.
    static let start = Date(timeIntervalSince1970: 1_750_000_000)

    /// Both hooks want new articles and comments; only `chat` wants updates.
    static let routes = [HookRoute(hook: "desktop", events: [.new, .comment]),
                         HookRoute(hook: "chat", events: [.new, .updated, .comment])]

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let directory = try TemporaryDirectory(prefix: "store-contract")
            self.directory = directory
            location = directory.path("feedd.sqlite")
            store = try Store(path: location)
        case .postgres:
            directory = nil
            location = try PostgresCluster.shared.get().createDatabase()
            store = try PostgresStore(uri: location)
        }
    }

    /// Another connection to the same store, as a second daemon has.
    func secondConnection() throws -> any FeedStoring {
        switch kind {
        case .sqlite: try Store(path: location)
        case .postgres: try PostgresStore(uri: location)
        }
    }

    /// Adds a main feed through the config sync, keeping the active ones, and returns its id.
    @discardableResult
    func addFeed(_ name: String = "news", url: String? = nil, notifyBacklog: Bool = false,
                 keep: TimeInterval? = nil, maxItems: Int? = nil) throws -> Int64 {
        var subscriptions = try store.feeds().filter { $0.kind == .main && $0.isActive }.map {
            FeedSubscription(name: $0.name, url: $0.configuredURL ?? $0.url, tags: $0.tags, notifyBacklog: $0.notifyBacklog,
                             keep: $0.keep, maxItems: $0.maxItems)
        }
        subscriptions.append(FeedSubscription(name: name, url: url ?? "https://\(name).example/feed", tags: ["t"],
                                               notifyBacklog: notifyBacklog, keep: keep, maxItems: maxItems))
        _ = try store.syncConfiguredFeeds(subscriptions, now: Self.start)
        return try #require(try store.feeds().first { $0.name == name }).id
    }

    /// A main feed whose backlog has already been ingested (empty), so its next items fire.
    func addLiveFeed(_ name: String = "news") throws -> Int64 {
        let id = try addFeed(name)
        _ = try store.ingest(feedID: id, entries: [], routes: Self.routes, now: Self.start, policy: IngestPlanner())
        return id
    }

    @discardableResult
    func ingest(_ feedID: Int64, _ entries: [Entry], at offset: TimeInterval = 60,
                routes: [HookRoute] = ContractFixture.routes) throws -> IngestResult {
        try store.ingest(feedID: feedID, entries: entries, routes: routes, now: Self.start.addingTimeInterval(offset),
                         policy: IngestPlanner())
    }

    func at(_ offset: TimeInterval) -> Date { Self.start.addingTimeInterval(offset) }

    /// Article number `n` of a typical WordPress feed.
    static func article(_ n: Int, scheme: String = "https", content: String? = nil, comments: Bool = false,
                        published: Date? = nil) -> Entry {
        Entry(guid: "\(scheme)://news.example/?p=\(n)", url: "\(scheme)://news.example/article-\(n)/",
              title: "Article \(n)", contentHTML: content ?? "<p>Body of article \(n)</p>",
              published: published ?? start.addingTimeInterval(TimeInterval(-3600 * n)),
              commentsFeedURL: comments ? "https://news.example/article-\(n)/feed/" : nil)
    }

    /// Comment number `n` of an article.
    static func comment(_ n: Int) -> Entry {
        Entry(guid: "https://news.example/?comment=\(n)", url: "https://news.example/article/#comment-\(n)",
              title: "Comment \(n)", contentHTML: "<p>Comment text \(n)</p>", published: start)
    }

    static let first = ClaimOwner(host: "alpha", processID: 100, startedAt: start)
    static let second = ClaimOwner(host: "beta", processID: 200, startedAt: start)
}
