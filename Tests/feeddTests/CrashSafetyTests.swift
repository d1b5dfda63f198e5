import FeedStore
import Foundation
import Testing
import TestSupport

/// SIGKILL at random points of a large ingest must never lose or duplicate an item, nor leave an
/// item without its outbox row.
@Suite(.serialized) struct CrashSafetyTests {
    static let itemCount = 3000
    static let kills = 20

    @Test func killedFetchesLeaveAConsistentStoreAndTheNextRunCompletesIt() throws {
        let server = try StaticSiteServer()
        defer { server.stop() }
        server.set("/big.xml", text: Self.largeFeed(items: Self.itemCount), contentType: "application/rss+xml")
        let directory = try TemporaryDirectory(prefix: "feedd-crash")
        let configPath = directory.path("feedd.toml")
        try """
        [daemon]
        database = "feedd.sqlite"

        [[feed]]
        url = "\(server.url("/big.xml"))"
        name = "big"
        notify_backlog = true
        follow_comments = false

        [[hook]]
        name = "never-run"
        exec = ["/bin/true"]
        """.write(toFile: configPath, atomically: true, encoding: .utf8)

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

    /// Integrity holds, items are all or nothing, and each item has exactly one outbox row.
    static func expectConsistent(_ path: String, complete: Bool) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let store = try Store(path: path)
        #expect(try store.integrityCheck() == ["ok"])
        let items = try store.items(feedName: "big", since: nil, limit: itemCount * 2)
        #expect(items.count == 0 || items.count == itemCount, "a transaction was torn: \(items.count) items")
        if complete { #expect(items.count == itemCount) }
        let rows = try store.outbox(state: .pending)
        #expect(rows.count == items.count)
        #expect(Set(rows.map(\.item.id)) == Set(items.map(\.id)))
    }

    static func largeFeed(items: Int) -> String {
        var text = #"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big</title><link>http://example.org/</link><description>d</description>"#
        for index in 0..<items {
            text += "<item><title>Item \(index)</title><link>http://example.org/item/\(index)</link>"
            text += "<guid>urn:item:\(index)</guid><pubDate>Wed, 05 Mar 2025 06:45:12 +0000</pubDate>"
            text += "<description><![CDATA[<p>" + String(repeating: "Text of item \(index). ", count: 20) + "</p>]]></description></item>"
        }
        return text + "</channel></rss>"
    }
}
