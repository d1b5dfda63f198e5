import FeedModel
import FeedStore
import FeedStorePostgres
import Foundation
import TestSupport

/// A fresh migrated database on the test run's private server, and the plain rules the store
/// tests ingest under (the daemon's planner lives in a module these tests do not link).
enum PostgresTestSupport {
    static let start = Date(timeIntervalSince1970: 1_750_000_000)
    static let routes = [HookRoute(hook: "desktop", events: [.new, .comment]),
                         HookRoute(hook: "chat", events: [.new, .updated, .comment])]

    static func freshURI() throws -> String {
        try PostgresCluster.shared.get().createDatabase()
    }

    static func freshStore() throws -> (PostgresStore, String) {
        let uri = try freshURI()
        return (try PostgresStore(uri: uri), uri)
    }

    /// A live feed named `name`, its (empty) backlog ingested.
    static func addLiveFeed(_ store: PostgresStore, _ name: String = "news") throws -> Int64 {
        var subscriptions = try store.feeds().filter { $0.kind == .main }.map {
            FeedSubscription(name: $0.name, url: $0.configuredURL ?? $0.url)
        }
        subscriptions.append(FeedSubscription(name: name, url: "https://\(name).example/feed"))
        _ = try store.syncConfiguredFeeds(subscriptions, now: start)
        let id = try store.feeds().first { $0.name == name }?.id ?? -1
        _ = try store.ingest(feedID: id, entries: [], routes: routes, now: start, policy: PlainPolicy())
        return id
    }

    static func article(_ n: Int, comments: Bool = false) -> Entry {
        Entry(guid: "https://news.example/?p=\(n)", url: "https://news.example/article-\(n)/", title: "Article \(n) Köln",
              contentHTML: "<p>Body of article \(n)</p>", published: start.addingTimeInterval(TimeInterval(-3600 * n)),
              commentsFeedURL: comments ? "https://news.example/article-\(n)/feed/" : nil)
    }
}

/// Backlog on a feed's first fetch, every comment feed followed, nothing blocked, one outbox row
/// per route that asks for the event (none for backlog).
struct PlainPolicy: IngestPolicy {
    func isBacklog(feed: FeedRecord, articleWasBacklog: Bool?) -> Bool {
        articleWasBacklog ?? !feed.fetchState.firstSuccessDone
    }

    func followsComments(feed: FeedRecord, article: Entry, firstSeen: Date, now: Date) -> Bool { true }

    var maxCommentFeedsPerFetch: Int { 10 }

    func isBlocked(_ entry: Entry, feed: FeedRecord) -> Bool { false }

    func outboxHooks(event: HookEvent, item: StoredItem, feed: FeedRecord, routes: [HookRoute], isBacklog: Bool) -> [String] {
        isBacklog ? [] : routes.filter { $0.events.contains(event) }.map(\.hook)
    }
}

/// Runs `body` on `count` threads released together; waits for all of them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    let gate = DispatchSemaphore(value: 0)
    for index in 0..<count {
        group.enter()
        Thread.detachNewThread {
            gate.wait()
            body(index)
            group.leave()
        }
    }
    for _ in 0..<count { gate.signal() }
    group.wait()
}
