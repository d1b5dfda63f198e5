import FeedStore
import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// A pass keeps more refreshes in flight than transfers (the others parse or wait for their
/// commit), and the sites still see no more than `concurrency` requests at once.
@Suite struct FetchPassConcurrencyTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func moreRefreshesInFlightThanTransfersButNoMoreRequestsAtTheServer() async throws {
        let server = try HTTPTestServer { request in
            HTTPTestResponse.ok(#"<rss version="2.0"><channel><title>t</title><item><guid>\#(request.path)</guid>"#
                + "<title>x</title></item></channel></rss>").stalling(0.02)
        }
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        var text = "[daemon]\ndatabase = \"feedd.sqlite\"\nconcurrency = 2\nper_host = 2\n"
        for index in 0..<12 {
            text += "[[feed]]\nurl = \"\(server.url("/\(index)"))\"\nname = \"f\(index)\"\nfollow_comments = false\n"
        }
        let runtime = try Runtime(config: ConfigLoader.parse(text: text, path: directory.path("feedd.toml")), now: Self.start)
        let pass = FetchPass(refresher: runtime.refresher, concurrency: 2)
        #expect(pass.refreshesInFlight == 8)
        let summary = try await pass.run(.all, now: { Self.start })
        #expect(summary.fetched == 12 && summary.failed == 0)
        #expect(server.requestCount == 12)
        #expect(server.maxConcurrentRequests <= 2)
    }
}
