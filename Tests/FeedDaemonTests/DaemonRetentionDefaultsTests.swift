import FeedModel
import FeedStore
import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// `[daemon] keep` and `[daemon] max_items` are the retention of every feed that sets none, from
/// the config file all the way to the rows the store deletes.

private let start = Date(timeIntervalSince1970: 1_760_000_000)

private func article(_ n: Int) -> Entry {
    Entry(guid: "https://news.example/?p=\(n)", url: "https://news.example/article-\(n)/", title: "Article \(n)",
          contentHTML: "<p>Body \(n)</p>", published: start.addingTimeInterval(TimeInterval(-3600 * n)))
}

/// A config file in a fresh folder, with its database beside it, opened as the daemon opens it.
private func runtime(_ text: String, in folder: TemporaryDirectory) throws -> Runtime {
    let path = folder.path("feedd.toml")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try Runtime(config: ConfigLoader.load(path: path, environment: [:]), now: start)
}

private func ingestFiveArticles(_ runtime: Runtime) throws -> Int64 {
    let feed = try #require(try runtime.store.feeds().first)
    _ = try runtime.store.ingest(feedID: feed.id, entries: (1...5).map(article), routes: [], now: start, policy: IngestPlanner())
    return feed.id
}

@Test func daemonMaxItemsIsTheRetentionOfAFeedWithoutItsOwn() throws {
    let folder = try TemporaryDirectory()
    let runtime = try runtime("[daemon]\nmax_items = 2\n[[feed]]\nurl = \"https://news.example/feed\"\n", in: folder)
    _ = try ingestFiveArticles(runtime)
    #expect(try runtime.store.feeds().first?.maxItems == 2)
    #expect(try runtime.store.applyRetention(now: start.addingTimeInterval(3 * 86_400)) == 3)
    #expect(try runtime.store.items(feedName: nil, since: nil, limit: 10).count == 2)
}

@Test func daemonKeepIsTheRetentionOfAFeedWithoutItsOwn() throws {
    let folder = try TemporaryDirectory()
    let runtime = try runtime("[daemon]\nkeep = \"1d\"\n[[feed]]\nurl = \"https://news.example/feed\"\n", in: folder)
    let feedID = try ingestFiveArticles(runtime)
    let later = start.addingTimeInterval(10 * 86_400)
    _ = try runtime.store.ingest(feedID: feedID, entries: [article(1)], routes: [], now: later, policy: IngestPlanner())
    #expect(try runtime.store.feeds().first?.keep == 86_400)
    #expect(try runtime.store.applyRetention(now: later) == 4)
}

@Test func aFeedsOwnMaxItemsOverridesTheDaemons() throws {
    let folder = try TemporaryDirectory()
    let runtime = try runtime("[daemon]\nmax_items = 2\n[[feed]]\nurl = \"https://news.example/feed\"\nmax_items = 4\n",
                              in: folder)
    _ = try ingestFiveArticles(runtime)
    #expect(try runtime.store.applyRetention(now: start.addingTimeInterval(3 * 86_400)) == 1)
}
