import FeedFetcher
import Foundation
import Testing
import TestSupport

@Suite struct RequestTests {
    @Test func theUserAgentNamesFeeddAndItsVersion() async throws {
        let log = RequestLog()
        let server = try HTTPTestServer { request in
            log.record(request)
            return .ok("<rss/>")
        }
        defer { server.stop() }
        _ = try await Fetcher().fetch(FetchRequest(url: server.url("/feed")))
        #expect(log.last?.headers["User-Agent"] == "feedd/0.1.0")
    }

    @Test func aPostCarriesItsBodyAndHeaders() async throws {
        let log = RequestLog()
        let server = try HTTPTestServer { request in
            log.record(request)
            return .status(204)
        }
        defer { server.stop() }
        let payload = Data(#"{"event":"new"}"#.utf8)
        let response = try await Fetcher().fetch(FetchRequest(
            url: server.url("/hook"), method: "POST", body: payload,
            headers: ["Content-Type": "application/json", "X-Feedd-Signature": "sha256=abc"]))
        #expect(response.status == 204)
        let request = try #require(log.last)
        #expect(request.method == "POST")
        #expect(request.body == payload)
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["X-Feedd-Signature"] == "sha256=abc")
    }

    @Test func connectionsAreReusedAcrossFetches() async throws {
        let server = try HTTPTestServer { _ in .ok("<rss/>") }
        defer { server.stop() }
        let fetcher = Fetcher()
        for _ in 0..<5 { _ = try await fetcher.fetch(FetchRequest(url: server.url("/feed"))) }
        #expect(server.requestCount == 5)
        #expect(server.connectionsAccepted == 1)
    }

    @Test func responseHeadersKeepDuplicatesAndIgnoreCase() async throws {
        let server = try HTTPTestServer { _ in
            HTTPTestResponse(status: 200, headers: ["Link": "<a>; rel=hub", "link": "<b>; rel=self"], body: Data())
        }
        defer { server.stop() }
        let response = try await Fetcher().fetch(FetchRequest(url: server.url("/feed")))
        #expect(response.headers.values(for: "LINK") == ["<a>; rel=hub", "<b>; rel=self"])
    }
}
