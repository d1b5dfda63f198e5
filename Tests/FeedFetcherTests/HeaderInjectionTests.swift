import FeedFetcher
import Foundation
import Testing
import TestSupport

/// No control character from a server or a configuration reaches a request header on the wire.
@Suite struct HeaderInjectionTests {
    static let hostileETag = "\"v1\rX-Injected: yes\""

    @Test func anETagWithABareCRIsNotOfferedForStorage() async throws {
        let server = try HTTPTestServer { _ in
            HTTPTestResponse(status: 200, headers: ["ETag": Self.hostileETag, "Last-Modified": "Sun, 06 Nov 1994\u{1}"],
                             body: Data("<rss/>".utf8))
        }
        defer { server.stop() }
        let response = try await Fetcher().fetch(FetchRequest(url: server.url("/feed")))
        #expect(response.headers["ETag"]?.contains("\r") == true)  // the server really sent the bare CR
        #expect(response.etag == nil)
        #expect(response.lastModified == nil)
    }

    @Test func aStoredETagWithABareCRIsNotSentBack() async throws {
        let recorder = try RawRequestRecorder(response: "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\n<rss/>")
        let response = try await Fetcher().fetch(FetchRequest(url: recorder.url, etag: Self.hostileETag,
                                                              lastModified: "Sun, 06 Nov 1994 08:49:37 GMT\r\nX-Injected: yes"))
        #expect(response.status == 200)
        let head = try #require(recorder.requestHead)
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let bareCR = head.indices.contains { head[$0] == 0x0D && ($0 + 1 == head.count || head[$0 + 1] != 0x0A) }
        #expect(!bareCR)
        #expect(!lines.contains { $0.lowercased().hasPrefix("if-none-match") || $0.lowercased().hasPrefix("if-modified-since") })
        #expect(!lines.contains { $0.lowercased().hasPrefix("x-injected") })
    }

    @Test(arguments: ["a\r\nX-Injected: yes", "a\rb", "a\nb", "a\u{0}b", "a\u{1B}b", "a\u{7F}b"])
    func aHeaderValueWithAControlCharacterIsRefusedBeforeSending(_ value: String) async throws {
        let server = try HTTPTestServer { _ in .ok("<rss/>") }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/feed"), headers: ["X-Feedd-Event": value]))
        #expect(error == .invalidHeader(url: server.url("/feed"), name: "X-Feedd-Event"))
        #expect(server.requestCount == 0)
    }

    @Test func aUserAgentWithCRLFIsRefusedBeforeSending() async throws {
        let server = try HTTPTestServer { _ in .ok("<rss/>") }
        defer { server.stop() }
        let fetcher = Fetcher(options: FetcherOptions(userAgent: "feedd\r\nX-Injected: yes"))
        let error = await fetchError(fetcher, FetchRequest(url: server.url("/feed")))
        #expect(error == .invalidHeader(url: server.url("/feed"), name: "User-Agent"))
        #expect(error?.description.hasPrefix("fetch: \(server.url("/feed")): request header \"User-Agent\"") == true)
        #expect(server.requestCount == 0)
    }

    @Test func aTabInAHeaderValueIsAllowed() async throws {
        let server = try HTTPTestServer { _ in .ok("<rss/>") }
        defer { server.stop() }
        let response = try await Fetcher().fetch(FetchRequest(url: server.url("/feed"), headers: ["X-Note": "a\tb"]))
        #expect(response.status == 200)
    }

    @Test func aRedirectLocationWithAnEscapeSequenceIsEscapedInTheError() async throws {
        let server = try HTTPTestServer { _ in .redirect(301, to: "/moved\u{1B}[2J\u{7}") }
        defer { server.stop() }
        let request = FetchRequest(url: server.url("/hook"), method: "POST", body: Data("{}".utf8),
                                   redirectPolicy: .methodPreservingOnly)
        let error = try #require(await fetchError(Fetcher(), request))
        #expect(!error.description.contains { $0.isNewline })
        #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 })
    }
}
