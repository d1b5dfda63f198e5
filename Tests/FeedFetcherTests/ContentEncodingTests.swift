import FeedFetcher
import Foundation
import Testing
import TestSupport

@Suite struct ContentEncodingTests {
    static let feed = Data(String(repeating: "<item><title>Weißen München</title></item>\n", count: 200).utf8)

    /// Serves `encoded` with `Content-Encoding: coding` when the request accepts it.
    private func fetchDecoded(_ encoded: Data, coding: String) async throws -> (FetchResponse, String?) {
        let log = RequestLog()
        let server = try HTTPTestServer { request in
            log.record(request)
            return HTTPTestResponse(status: 200, headers: ["Content-Encoding": coding,
                                                          "Content-Type": "application/rss+xml"], body: encoded)
        }
        defer { server.stop() }
        let response = try await Fetcher().fetch(FetchRequest(url: server.url("/feed")))
        return (response, log.last?.headers["Accept-Encoding"])
    }

    @Test func gzipBodiesAreDecoded() async throws {
        let (response, accepted) = try await fetchDecoded(try Compression.gzip(Self.feed), coding: "gzip")
        #expect(response.body == Self.feed)
        #expect(accepted?.contains("gzip") == true)
    }

    @Test func deflateBodiesAreDecoded() async throws {
        let (response, accepted) = try await fetchDecoded(try Compression.zlibDeflate(Self.feed), coding: "deflate")
        #expect(response.body == Self.feed)
        #expect(accepted?.contains("deflate") == true)
    }

    @Test func brotliBodiesAreDecoded() async throws {
        let (response, accepted) = try await fetchDecoded(try Compression.brotli(Self.feed), coding: "br")
        #expect(response.body == Self.feed)
        #expect(accepted?.contains("br") == true)
    }
}
