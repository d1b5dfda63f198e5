@testable import FeedFetcher
import Foundation
import Testing

@Suite struct RetryAfterTests {
    /// RFC 9110 §5.6.7's example instant, 784111777 seconds after the epoch.
    static let example = Date(timeIntervalSince1970: 784_111_777)

    @Test func imfFixdateIsRead() {
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT") == Self.example)
    }

    @Test func rfc850DateIsRead() {
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT") == Self.example)
    }

    @Test func asctimeDateIsRead() {
        #expect(RetryAfter.parse("Sun Nov  6 08:49:37 1994") == Self.example)
    }

    @Test func delaySecondsCountFromNow() {
        let now = Date(timeIntervalSince1970: 1_000)
        #expect(RetryAfter.parse(" 30 ", now: now) == Date(timeIntervalSince1970: 1_030))
    }

    @Test func garbageIsNil() {
        #expect(RetryAfter.parse("soon") == nil)
        #expect(RetryAfter.parse("-5") == nil)
        #expect(RetryAfter.parse("Sun, 32 Nov 1994 08:49:37 GMT") == nil)
    }
}
