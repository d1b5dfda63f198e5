import FeedModel
import FeedStore
import Foundation
import TestSupport
import Testing

/// A fresh store in its own temporary folder, with helpers to add feeds and make entries.
final class StoreFixture {
    let directory: TemporaryDirectory
    let store: Store
    var path: String { directory.path("feedd.sqlite") }

    /// A fixed clock, so tests never depend on the time they run at.
    static let start = Date(timeIntervalSince1970: 1_750_000_000)

    /// Both hooks want new articles and comments; only `chat` wants updates.
    static let routes = [HookRoute(hook: "desktop", events: [.new, .comment]),
                         HookRoute(hook: "chat", events: [.new, .updated, .comment])]

    init() throws {
        directory = try TemporaryDirectory(prefix: "feedstore-test")
        store = try Store(path: directory.path("feedd.sqlite"))
    }

    /// Adds a main feed through the config sync and returns its id.
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
        _ = try store.ingest(feedID: id, entries: [], routes: Self.routes, now: Self.start)
        return id
    }

    func ingest(_ feedID: Int64, _ entries: [Entry], at offset: TimeInterval = 60) throws -> IngestResult {
        try store.ingest(feedID: feedID, entries: entries, routes: Self.routes, now: Self.start.addingTimeInterval(offset))
    }

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
}
