import FeedModel
import FeedStore
import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// A pass records its 304s in batches; what it records must be what a single refresh records.
@Suite struct FetchPassNotModifiedTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aPassOf304sRecordsEveryFeedBeforeItReturns() async throws {
        let server = try StaticSiteServer()
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let names = ["a", "b", "c"]
        var text = "[daemon]\ndatabase = \"feedd.sqlite\"\n"
        for name in names {
            server.set("/\(name)", text: #"<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>x</title></item></channel></rss>"#)
            text += "[[feed]]\nurl = \"\(server.url("/\(name)"))\"\nname = \"\(name)\"\n"
        }
        let runtime = try Runtime(config: ConfigLoader.parse(text: text, path: directory.path("feedd.toml")), now: Self.start)
        let pass = FetchPass(refresher: runtime.refresher, concurrency: 2)
        let first = try await pass.run(.all, now: { Self.start })
        #expect(first.fetched == 3)
        let later = Self.start.addingTimeInterval(3600)
        let second = try await pass.run(.all, now: { later })
        #expect(second.notModified == 3 && second.failed == 0)
        for feed in try runtime.store.feeds() {
            #expect(feed.fetchState.lastStatus == 304)
            #expect(feed.fetchState.lastFetchedAt == later)
            #expect(feed.fetchState.nextPollAt > later)
        }
    }
}
