import FeedFetcher
import Foundation
import Testing
import TestSupport

@Suite struct RedirectTests {
    @Test func aMixedChainIsReportedHopByHopAndIsNotPermanent() async throws {
        let server = try HTTPTestServer { request in
            switch request.path {
            case "/a": .redirect(301, to: "/b")
            case "/b": .redirect(302, to: "/c")
            case "/c": .redirect(307, to: "/d")
            case "/d": .redirect(308, to: "/feed")
            default: .ok("<rss/>")
            }
        }
        defer { server.stop() }
        let response = try await Fetcher().fetch(FetchRequest(url: server.url("/a")))
        #expect(response.status == 200)
        #expect(response.finalURL == server.url("/feed"))
        #expect(response.redirects == [
            .init(status: 301, from: server.url("/a"), to: server.url("/b")),
            .init(status: 302, from: server.url("/b"), to: server.url("/c")),
            .init(status: 307, from: server.url("/c"), to: server.url("/d")),
            .init(status: 308, from: server.url("/d"), to: server.url("/feed")),
        ])
        #expect(response.permanentRedirectURL == nil)
    }

    @Test func aChainOfOnlyPermanentRedirectsGivesTheNewURL() async throws {
        let server = try HTTPTestServer { request in
            switch request.path {
            case "/old": .redirect(301, to: "/older")
            case "/older": .redirect(308, to: "/new")
            default: .ok("<rss/>")
            }
        }
        defer { server.stop() }
        let response = try await Fetcher().fetch(FetchRequest(url: server.url("/old")))
        #expect(response.permanentRedirectURL == server.url("/new"))
    }

    @Test func aRedirectLoopStopsAtTheLimit() async throws {
        let server = try HTTPTestServer { _ in .redirect(302, to: "/loop") }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/loop")))
        #expect(error == .tooManyRedirects(url: server.url("/loop"), limit: 5))
        #expect(server.requestCount == 6)
    }

    @Test func aRedirectToAFileURLIsRefused() async throws {
        let server = try HTTPTestServer { _ in .redirect(302, to: "file:///etc/passwd") }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/feed"), allowFileURL: true))
        #expect(error == .unsupportedScheme(url: server.url("/feed"), scheme: "file"))
    }

    @Test func aFileURLIsRefusedUnlessTheRequestAllowsIt() async throws {
        let url = Fixtures.url("http/local-feed.xml").absoluteString
        let error = await fetchError(Fetcher(), FetchRequest(url: url))
        #expect(error == .unsupportedScheme(url: url, scheme: "file"))

        let response = try await Fetcher().fetch(FetchRequest(url: url, allowFileURL: true))
        #expect(response.status == 200)
        #expect(response.body == (try Fixtures.data("http/local-feed.xml")))
    }

    @Test func otherSchemesAreRefusedBeforeAnyTransfer() async {
        let error = await fetchError(Fetcher(), FetchRequest(url: "ftp://example.org/feed"))
        #expect(error == .unsupportedScheme(url: "ftp://example.org/feed", scheme: "ftp"))
    }

    @Test func aPostRedirectedWith303BecomesAGet() async throws {
        let log = RequestLog()
        let server = try HTTPTestServer { request in
            log.record(request)
            return request.path == "/hook" ? .redirect(303, to: "/done") : .ok("done")
        }
        defer { server.stop() }
        _ = try await Fetcher().fetch(FetchRequest(url: server.url("/hook"), method: "POST", body: Data("{}".utf8)))
        #expect(log.all.map(\.method) == ["POST", "GET"])
    }
}
