@testable import FeedStore
import FeedStorePostgres
import Foundation
import Testing
import TestSupport

/// `feedd store copy` through the real binary: a store fetched from a loopback site, copied, and
/// fetched again from the copy announces nothing a second time.
@Suite(.serialized) struct StoreCopyCommandTests {
    /// The seed site fetched once into its own store, comments and hook deliveries included (its
    /// backlog is announced, so there are deliveries a copy could announce again).
    static func fetchedSite() throws -> SeedSite {
        let site = try SeedSite(extraConfig: "notify_backlog = true")
        try site.serve("feed.xml", at: "/feed")
        try site.serve("comments.xml", at: SeedSite.seedArticle + "/feed")
        let fetch = try site.feedd(["fetch"])
        try #require(fetch.status == 0, "\(fetch.stderr)")
        return site
    }

    static func run(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run(Fixtures.feeddExecutable, arguments)
    }

    @Test func aFetchFromTheCopyAnnouncesNothingAgain() throws {
        let site = try Self.fetchedSite()
        let copyPath = site.directory.path("copy.sqlite")
        let deliveriesBefore = try site.deliveries().count
        try #require(deliveriesBefore > 0)
        let copy = try Self.run(["store", "copy", site.databasePath, copyPath])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("items: 5 rows"), "\(copy.stdout)")

        let config = try String(contentsOfFile: site.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "database = \"feedd.sqlite\"", with: "database = \"copy.sqlite\"")
            .write(toFile: site.configPath, atomically: true, encoding: .utf8)
        try Self.expectAFetchAnnouncesNothingAgain(site, from: try Store(path: copyPath), deliveries: deliveriesBefore)
    }

    /// Serves the feed again with a changed body (not a 304, so it is parsed again and every entry
    /// matched anew), fetches from `copied`, and expects no new item, outbox row or hook run.
    static func expectAFetchAnnouncesNothingAgain(_ site: SeedSite, from copied: any FeedStoring, deliveries: Int) throws {
        let items = try copied.items(feedName: nil, since: nil, limit: 1000).count
        let outbox = try copied.outbox(state: .all).count
        let feed = String(decoding: try Fixtures.data("seed/feed.xml"), as: UTF8.self)
            .replacingOccurrences(of: SeedSite.origin, with: site.server.baseURL)
            .replacingOccurrences(of: "</channel>", with: "<!-- served again --></channel>")
        site.server.set("/feed", text: feed, contentType: "application/rss+xml; charset=UTF-8")
        let again = try site.feedd(["fetch", "--all"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try copied.items(feedName: nil, since: nil, limit: 1000).count == items)
        #expect(try copied.outbox(state: .all).count == outbox)
        #expect(try site.deliveries().count == deliveries)
    }

    /// Every copied table's rows, as the store exports them.
    static func exports(_ store: any StoreCopying) throws -> [String: [[StoreValue]]] {
        var tables: [String: [[StoreValue]]] = [:]
        for table in CopiedTable.all { tables[table.name] = try store.exportRows(table, after: nil, limit: 1_000_000) }
        return tables
    }

    @Test func aCopyToPostgreSQLAndBackKeepsEveryRowAndAFetchFromItAnnouncesNothingAgain() throws {
        let site = try Self.fetchedSite()
        let uri = try PostgresCluster.shared.get().createDatabase()
        let there = try Self.run(["store", "copy", site.databasePath, uri])
        #expect(there.status == 0, "\(there.stderr)")
        let backPath = site.directory.path("back.sqlite")
        let back = try Self.run(["store", "copy", uri, backPath])
        #expect(back.status == 0, "\(back.stderr)")
        let original = try Self.exports(try Store(path: site.databasePath))
        #expect(original.values.allSatisfy { !$0.isEmpty } || original["outbox_digest_members"]?.isEmpty == true)
        #expect(try Self.exports(try Store(path: backPath)) == original)

        let config = try String(contentsOfFile: site.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "database = \"feedd.sqlite\"", with: "database = \"\(uri)\"")
            .write(toFile: site.configPath, atomically: true, encoding: .utf8)
        let deliveriesBefore = try site.deliveries().count
        let copied = try PostgresStore(readingAt: uri)
        let lastFetch = try copied.feeds().compactMap(\.fetchState.lastFetchedAt).max()
        try Self.expectAFetchAnnouncesNothingAgain(site, from: copied, deliveries: deliveriesBefore)
        // The copy is what the fetch used: its feeds' polls were recorded there.
        let fetchedAgain = try copied.feeds().compactMap(\.fetchState.lastFetchedAt).max()
        #expect(fetchedAgain != nil && lastFetch != nil && fetchedAgain! > lastFetch!)
    }

    @Test func aCopyIntoAStoreThatHoldsFeedsFailsAndSaysWhy() throws {
        let site = try Self.fetchedSite()
        let other = try Self.fetchedSite()
        let copy = try Self.run(["store", "copy", site.databasePath, other.databasePath])
        #expect(copy.status == 1)
        #expect(copy.stderr.contains("already holds feeds or items"), "\(copy.stderr)")
        #expect(copy.stdout.isEmpty)
    }

    @Test func aPasswordInAURIIsRefusedWithoutBeingPrinted() throws {
        let site = try Self.fetchedSite()
        let copy = try Self.run(["store", "copy", site.databasePath, "postgresql://feedd:hunter2@127.0.0.1:1/feedd"])
        #expect(copy.status == 1)
        #expect(copy.stderr.contains("PGPASSFILE"), "\(copy.stderr)")
        #expect(!copy.stderr.contains("hunter2") && !copy.stdout.contains("hunter2"))
    }
}
