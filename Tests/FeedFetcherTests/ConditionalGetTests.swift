import FeedFetcher
import Foundation
import Testing
import TestSupport

@Suite struct ConditionalGetTests {
    @Test func etagFromA200IsSentBackAndA304IsAResponse() async throws {
        let site = try StaticSiteServer(files: ["/feed.xml": (Data("<rss/>".utf8), "application/rss+xml")])
        defer { site.stop() }
        let fetcher = Fetcher()
        let first = try await fetcher.fetch(FetchRequest(url: site.url("/feed.xml")))
        #expect(first.status == 200)
        #expect(first.body == Data("<rss/>".utf8))
        #expect(first.contentType == "application/rss+xml")
        let etag = try #require(first.etag)

        let second = try await fetcher.fetch(FetchRequest(url: site.url("/feed.xml"), etag: etag))
        #expect(second.status == 304)
        #expect(second.isNotModified)
        #expect(second.body.isEmpty)
    }

    @Test func lastModifiedIsSentBackAsIfModifiedSince() async throws {
        let site = try StaticSiteServer(files: ["/feed.xml": (Data("<rss/>".utf8), "application/rss+xml")])
        defer { site.stop() }
        let fetcher = Fetcher()
        let first = try await fetcher.fetch(FetchRequest(url: site.url("/feed.xml")))
        let lastModified = try #require(first.lastModified)

        let second = try await fetcher.fetch(FetchRequest(url: site.url("/feed.xml"), lastModified: lastModified))
        #expect(second.isNotModified)
    }

    @Test func aChangedFileAnswers200AgainWithNewValidators() async throws {
        let site = try StaticSiteServer(files: ["/feed.xml": (Data("<rss>1</rss>".utf8), "application/rss+xml")])
        defer { site.stop() }
        let fetcher = Fetcher()
        let first = try await fetcher.fetch(FetchRequest(url: site.url("/feed.xml")))
        site.set("/feed.xml", text: "<rss>2</rss>")

        let second = try await fetcher.fetch(FetchRequest(url: site.url("/feed.xml"), etag: first.etag,
                                                          lastModified: first.lastModified))
        #expect(second.status == 200)
        #expect(second.body == Data("<rss>2</rss>".utf8))
        #expect(second.etag != first.etag)
    }

    @Test func cacheControlMaxAgeIsReported() async throws {
        let server = try HTTPTestServer { _ in
            HTTPTestResponse(status: 200, headers: ["Cache-Control": "public, max-age=600"], body: Data("x".utf8))
        }
        defer { server.stop() }
        let response = try await Fetcher().fetch(FetchRequest(url: server.url("/")))
        #expect(response.cacheMaxAge == 600)
    }
}
