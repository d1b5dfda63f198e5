import FeedFetcher
import Foundation
import Testing
import TestSupport

@Suite struct StatusErrorTests {
    @Test func status410IsGone() async throws {
        let server = try HTTPTestServer { _ in .status(410) }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/feed")))
        #expect(error == .gone(url: server.url("/feed")))
    }

    @Test func status429WithRetryAfterSecondsGivesAMomentThatFar() async throws {
        let server = try HTTPTestServer { _ in .status(429, headers: ["Retry-After": "120"]) }
        defer { server.stop() }
        let before = Date()
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/feed")))
        let after = Date()
        guard case .rateLimited(_, let status, let retryAfter)? = error, let retryAfter else {
            Issue.record("expected rateLimited with a date, got \(String(describing: error))")
            return
        }
        #expect(status == 429)
        #expect(retryAfter >= before.addingTimeInterval(120) && retryAfter <= after.addingTimeInterval(120))
    }

    /// An hour from now, to the second, and as a server writes it (within `RetryAfter.maximumDelay`).
    private static func anHourAhead() -> (Date, String) {
        let date = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3_600).rounded(.down))
        return (date, HTTPDateFormat.string(from: date))
    }

    @Test func status429WithRetryAfterHTTPDateGivesThatDate() async throws {
        let (date, text) = Self.anHourAhead()
        let server = try HTTPTestServer { _ in .status(429, headers: ["Retry-After": text]) }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/feed")))
        #expect(error == .rateLimited(url: server.url("/feed"), status: 429, retryAfter: date))
    }

    @Test func status503WithRetryAfterIsRateLimited() async throws {
        let (date, text) = Self.anHourAhead()
        let server = try HTTPTestServer { _ in .status(503, headers: ["Retry-After": text]) }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/feed")))
        #expect(error == .rateLimited(url: server.url("/feed"), status: 503, retryAfter: date))
    }

    @Test func otherErrorStatusesNameTheURLAndStatus() async throws {
        let server = try HTTPTestServer { _ in .status(404) }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/missing")))
        #expect(error == .http(url: server.url("/missing"), status: 404))
        #expect(error?.description == "fetch: \(server.url("/missing")): HTTP 404")
    }
}
