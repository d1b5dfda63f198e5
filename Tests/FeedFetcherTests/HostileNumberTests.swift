@testable import FeedFetcher
import Foundation
import Testing
import TestSupport

/// Numbers a server sends (dates, delays, ages) that are out of every range: each must come out as
/// "absent" or capped, never as an integer-overflow trap that kills the daemon on every restart.
@Suite struct HostileNumberTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// The example and its relatives, in all three HTTP-date forms.
    @Test(arguments: [
        "Sun, 06 Nov 999999999999 08:49:37 GMT",
        "Sunday, 06-Nov-999999999999 08:49:37 GMT",
        "Sun Nov  6 08:49:37 999999999999",
        "Sun, 06 Nov 9223372036854775807 08:49:37 GMT",
        "Sun, 06 Nov 99999999999999999999999 08:49:37 GMT",
        "Sun, 06 Nov -1994 08:49:37 GMT",
        "Sunday, 06--94 08:49:37 GMT",
        "Sunday, 06-Nov--94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 -1994",
        "Sun, 06 Nov -9223372036854775808 08:49:37 GMT",
        "Sun, 06 Nov 0000 08:49:37 GMT",
        "Sun, 9223372036854775807 Nov 1994 08:49:37 GMT",
        "Sun, -6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 9223372036854775807:49:37 GMT",
        "Sun, 06 Nov 1994 08:-49:37 GMT",
        "Sun, 06 Nov 1994 +8:49:37 GMT",
        "Sun Nov 9223372036854775807 08:49:37 1994",
        "Sun, 31 Feb 2025 08:49:37 GMT",
        "Sun, 06 November 1994 08:49:37 GMT",
    ])
    func hostileHTTPDateIsNotADate(_ text: String) {
        #expect(HTTPDate.parse(text) == nil)
        #expect(RetryAfter.parse(text, now: Self.now) == nil)
    }

    @Test func theLastDayAnHTTPDateCanNameIsStillRead() {
        #expect(HTTPDate.parse("Fri, 31 Dec 9999 23:59:59 GMT") == Date(timeIntervalSince1970: 253_402_300_799))
    }

    @Test(arguments: ["604801", "9223372036854775807", "9223372036854775808", "99999999999999999999999999999"])
    func hugeDelaySecondsAreCappedAtTheMaximumDelay(_ text: String) {
        #expect(RetryAfter.parse(text, now: Self.now) == Self.now.addingTimeInterval(RetryAfter.maximumDelay))
    }

    @Test func aDateFurtherAheadThanTheMaximumDelayIsCapped() {
        #expect(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", now: Self.now)
                == Self.now.addingTimeInterval(RetryAfter.maximumDelay))
    }

    @Test(arguments: ["+30", "-30", "3 0", "30s", "٣٠"])
    func delaySecondsWithAnythingButASCIIDigitsIsAbsent(_ text: String) {
        #expect(RetryAfter.parse(text, now: Self.now) == nil)
    }

    @Test(arguments: [
        ("max-age=99999999999999999999999", FetchResponse.maximumCacheMaxAge as TimeInterval?),
        ("max-age=9223372036854775807", FetchResponse.maximumCacheMaxAge),
        ("max-age=-5", nil),
        ("max-age=+5", nil),
        ("max-age=", nil),
        ("max-age=\"600\"", 600),
    ])
    func cacheControlMaxAgeIsRangeChecked(_ header: String, _ expected: TimeInterval?) {
        let response = FetchResponse(status: 200, headers: ["Cache-Control": header], body: Data(), finalURL: "http://x/")
        #expect(response.cacheMaxAge == expected)
    }

    @Test func aRealServersHostileRetryAfterIsRateLimitedWithoutADate() async throws {
        let server = try HTTPTestServer { _ in
            .status(429, headers: ["Retry-After": "Sun, 06 Nov 999999999999 08:49:37 GMT"])
        }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/feed")))
        #expect(error == .rateLimited(url: server.url("/feed"), status: 429, retryAfter: nil))
    }

    @Test(arguments: [(Double.nan, 1), (-5, 1), (0, 1), (0.0004, 1), (2.5, 2_500),
                      (.infinity, Milliseconds.maximum), (1e300, Milliseconds.maximum)])
    func secondsBecomeMillisecondsWithoutTrapping(_ seconds: Double, _ expected: Int) {
        #expect(Milliseconds.clamped(seconds) == expected)
    }

    @Test func absurdFetcherOptionsDoNotTrap() async throws {
        let server = try HTTPTestServer { _ in .ok("<rss/>") }
        defer { server.stop() }
        let options = FetcherOptions(hostDelay: 1e300, connectTimeout: .infinity, totalTimeout: .infinity,
                                     lowSpeedLimit: -1, lowSpeedTime: .nan)
        let response = try await Fetcher(options: options).fetch(FetchRequest(url: server.url("/feed")))
        #expect(response.status == 200)
    }
}
