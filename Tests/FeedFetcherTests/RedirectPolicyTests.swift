import FeedFetcher
import Foundation
import Testing
import TestSupport

/// `RedirectPolicy.methodPreservingOnly` (webhooks): 307 and 308 keep the POST and its body; 301, 302
/// and 303 would turn it into a body-less GET, so they fail naming the redirect.
@Suite struct RedirectPolicyTests {
    static let body = Data(#"{"event":"new"}"#.utf8)

    @Test(arguments: [301, 302, 303])
    func aMethodChangingRedirectFailsNamingIt(_ status: Int) async throws {
        let server = try HTTPTestServer { request in
            request.path == "/hook" ? .redirect(status, to: "/moved") : .ok("fine")
        }
        defer { server.stop() }
        let request = FetchRequest(url: server.url("/hook"), method: "POST", body: Self.body,
                                   redirectPolicy: .methodPreservingOnly)
        let error = await fetchError(Fetcher(), request)
        #expect(error == .redirectNotFollowed(url: server.url("/hook"), status: status, location: server.url("/moved")))
        #expect(error?.description.contains("HTTP \(status) redirect to \(server.url("/moved")) not followed") == true)
        #expect(server.requestCount == 1)
    }

    @Test(arguments: [307, 308])
    func aMethodKeepingRedirectIsFollowedWithTheBody(_ status: Int) async throws {
        let log = RequestLog()
        let server = try HTTPTestServer { request in
            log.record(request)
            return request.path == "/hook" ? .redirect(status, to: "/moved") : .ok("fine")
        }
        defer { server.stop() }
        let request = FetchRequest(url: server.url("/hook"), method: "POST", body: Self.body,
                                   redirectPolicy: .methodPreservingOnly)
        let response = try await Fetcher().fetch(request)
        #expect(response.status == 200)
        #expect(log.last?.method == "POST")
        #expect(log.last?.body == Self.body)
    }

    @Test func aRequestTimeoutShorterThanTheFetchersEndsTheTransfer() async throws {
        let server = try HTTPTestServer { _ in HTTPTestResponse.ok("late").stalling(10) }
        defer { server.stop() }
        let fetcher = Fetcher(options: FetcherOptions(totalTimeout: 30))
        let error = await fetchError(fetcher, FetchRequest(url: server.url("/hook"), timeout: 0.5))
        guard case .timeout? = error else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
    }
}
