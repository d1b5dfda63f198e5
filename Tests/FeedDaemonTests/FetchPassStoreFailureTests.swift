import Foundation
import Testing
import TestSupport
@testable import FeedDaemon
@testable import FeedStore

/// A pass whose store cannot record its polls still ends every feed with a next poll: recorded, or
/// handed back for the daemon to hold in memory.
@Suite struct FetchPassStoreFailureTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func runtime(_ server: StaticSiteServer, directory: TemporaryDirectory, names: [String]) throws -> Runtime {
        var text = "[daemon]\ndatabase = \"feedd.sqlite\"\n"
        for name in names {
            server.set("/\(name)", text: #"<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>x</title></item></channel></rss>"#)
            text += "[[feed]]\nurl = \"\(server.url("/\(name)"))\"\nname = \"\(name)\"\nfollow_comments = false\n"
        }
        return try Runtime(config: ConfigLoader.parse(text: text, path: directory.path("feedd.toml")), now: start)
    }

    /// Makes every write of a poll's result fail, as a full disk would.
    static func breakPollRecords(_ runtime: Runtime) throws {
        try SQLiteConnection(path: runtime.config.daemon.database).executeScript("""
            CREATE TRIGGER test_polls_fail BEFORE UPDATE OF last_fetched_at ON feeds
            BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END;
            """)
    }

    @Test func notModifiedAnswersTheStoreCannotRecordAreHandedBackToHold() async throws {
        let server = try StaticSiteServer()
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let runtime = try Self.runtime(server, directory: directory, names: ["a", "b"])
        let pass = FetchPass(refresher: runtime.refresher, concurrency: 2)
        #expect(try await pass.run(.all, now: { Self.start }).fetched == 2)
        try Self.breakPollRecords(runtime)

        let later = Self.start.addingTimeInterval(3600)
        let summary = try await pass.run(.all, now: { later })
        #expect(summary.failed == 2, "\(summary)")
        #expect(summary.unrecordedNextPolls.count == 2)
        #expect(summary.unrecordedNextPolls.values.allSatisfy { $0 > later })
    }

    @Test func aFailureTheStoreCannotRecordIsHandedBackWithItsBackoff() async throws {
        let server = try StaticSiteServer()
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let runtime = try Self.runtime(server, directory: directory, names: ["a"])
        server.remove("/a")
        try Self.breakPollRecords(runtime)
        let feed = try #require(try runtime.store.feeds().first)

        let outcome = await runtime.refresher.refresh(feed, now: Self.start)
        #expect(outcome.isFailure)
        let held = try #require(outcome.unrecordedNextPoll)
        #expect(held >= Self.start.addingTimeInterval(runtime.refresher.pollPolicy.minInterval))
    }

    @Test func aPassLeavesHeldFeedsOut() async throws {
        let server = try StaticSiteServer()
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let runtime = try Self.runtime(server, directory: directory, names: ["a", "b"])
        let held = try #require(try runtime.store.feeds().first { $0.name == "a" })
        let summary = try await FetchPass(refresher: runtime.refresher, concurrency: 2)
            .run(.due, now: { Self.start }, holding: [held.id])
        #expect(summary.fetched == 1)
        #expect(server.server.requestCount == 1)
    }
}
