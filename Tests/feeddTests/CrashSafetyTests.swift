import FeedStore
import Foundation
import Testing
import TestSupport

/// SIGKILL at random points of a large ingest must never lose or duplicate an item, nor leave an
/// item without its outbox row. Several feeds are fetched at once, so their ingests share commits
/// (group commit): a kill must still leave each feed either fully stored or not at all, and its
/// validators (ETag) stored only together with its items.
@Suite(.serialized) struct CrashSafetyTests {
    static let itemCount = 600
    static let feedCount = 5
    static let kills = 20

    @Test func killedFetchesLeaveEveryFeedOfAGroupCommitWholeOrAbsentAndTheNextRunCompletesThem() throws {
        let server = try StaticSiteServer()
        defer { server.stop() }
        var config = """
            [daemon]
            database = "feedd.sqlite"
            concurrency = \(Self.feedCount)
            per_host = \(Self.feedCount)

            [[hook]]
            name = "never-run"
            exec = ["/bin/true"]

            """
        for feed in 0..<Self.feedCount {
            server.set("/big\(feed).xml", text: Self.largeFeed(items: Self.itemCount, feed: feed), contentType: "application/rss+xml")
            config += """

                [[feed]]
                url = "\(server.url("/big\(feed).xml"))"
                name = "big\(feed)"
                notify_backlog = true
                follow_comments = false

                """
        }
        let directory = try TemporaryDirectory(prefix: "feedd-crash")
        let configPath = directory.path("feedd.toml")
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)

        var generator = SystemRandomNumberGenerator()
        for _ in 0..<Self.kills {
            let process = try CommandRunner.start(Fixtures.feeddExecutable,
                                                  ["fetch", "--all", "--no-hooks", "--config", configPath])
            usleep(UInt32.random(in: 20_000...600_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try Self.expectConsistent(directory.path("feedd.sqlite"), complete: false)
        }

        let final = try CommandRunner.run(Fixtures.feeddExecutable, ["fetch", "--all", "--no-hooks", "--config", configPath])
        #expect(final.status == 0, "\(final.stderr)")
        try Self.expectConsistent(directory.path("feedd.sqlite"), complete: true)
    }

    /// Integrity holds; each feed's items are all or nothing, its ETag is stored exactly when its
    /// items are, and each item has exactly one outbox row.
    static func expectConsistent(_ path: String, complete: Bool) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let store = try Store(path: path)
        #expect(try store.integrityCheck() == ["ok"])
        let feeds = try store.feeds()
        var stored: [StoredItem] = []
        for feed in 0..<feedCount {
            let items = try store.items(feedName: "big\(feed)", since: nil, limit: itemCount * 2)
            #expect(items.count == 0 || items.count == itemCount, "a feed's ingest was torn: \(items.count) items")
            if complete { #expect(items.count == itemCount) }
            let etag = feeds.first { $0.name == "big\(feed)" }?.fetchState.etag
            #expect((etag != nil) == (items.count == itemCount), "ETag \(etag ?? "none") beside \(items.count) items")
            stored += items
        }
        let rows = try store.outbox(state: .pending)
        #expect(rows.count == stored.count)
        #expect(Set(rows.map(\.item.id)) == Set(stored.map(\.id)))
    }

    static func largeFeed(items: Int, feed: Int) -> String {
        var text = #"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big</title><link>http://example.org/</link><description>d</description>"#
        for index in 0..<items {
            text += "<item><title>Item \(index)</title><link>http://example.org/\(feed)/item/\(index)</link>"
            text += "<guid>urn:feed:\(feed):item:\(index)</guid><pubDate>Wed, 05 Mar 2025 06:45:12 +0000</pubDate>"
            text += "<description><![CDATA[<p>" + String(repeating: "Text of item \(index). ", count: 20) + "</p>]]></description></item>"
        }
        return text + "</channel></rss>"
    }
}
