import FeedFetcher
import Foundation
import Testing
import TestSupport

@Suite struct TransportErrorTests {
    @Test func aClosedPortIsConnectionRefused() async throws {
        let server = try HTTPTestServer { _ in .ok("") }
        let url = server.url("/feed")
        server.stop()  // nothing listens on the port any more
        let error = await fetchError(Fetcher(options: quickOptions()), FetchRequest(url: url))
        guard case .connectionRefused(let failed, _)? = error else {
            Issue.record("expected connectionRefused, got \(String(describing: error))")
            return
        }
        #expect(failed == url)
        #expect(error?.description.hasPrefix("fetch: \(url): ") == true)
    }

    @Test func anUnresolvableHostIsADNSError() async {
        let error = await fetchError(Fetcher(options: quickOptions()), FetchRequest(url: "http://nonexistent.invalid/"))
        guard case .dns(let url, _)? = error else {
            Issue.record("expected dns, got \(String(describing: error))")
            return
        }
        #expect(url == "http://nonexistent.invalid/")
    }

    @Test func aMalformedURLIsInvalid() async {
        let error = await fetchError(Fetcher(), FetchRequest(url: "http://exa mple.org/"))
        guard case .invalidURL? = error else {
            Issue.record("expected invalidURL, got \(String(describing: error))")
            return
        }
    }

    @Test func aConnectionClosedWithoutAnswerIsATransportError() async throws {
        let server = try HTTPTestServer { _ in
            var response = HTTPTestResponse(status: 200)
            response.closeWithoutResponse = true
            return response
        }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/feed")))
        guard case .transport(let url, let code, _)? = error else {
            Issue.record("expected transport, got \(String(describing: error))")
            return
        }
        #expect(url == server.url("/feed"))
        #expect(code == 52)  // CURLE_GOT_NOTHING
    }
}
