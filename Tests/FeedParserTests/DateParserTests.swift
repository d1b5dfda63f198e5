import FeedModel
import Foundation
import Testing
@testable import FeedParser

/// A date as a feed wrote it, where it was seen, and the instant it names.
struct DateCase: Sendable, CustomTestStringConvertible {
    let text: String
    let source: String
    let expected: String
    var testDescription: String { "\(source): \(text.debugDescription)" }

    init(_ text: String, _ expected: String, _ source: String) {
        self.text = text
        self.expected = expected
        self.source = source
    }
}

let realWorldDates: [DateCase] = [
    // WordPress: RSS 2.0 pubDate, Atom updated.
    DateCase("Wed, 05 Mar 2025 06:45:12 +0000", "2025-03-05T06:45:12Z", "WordPress RSS"),
    DateCase("Wed, 05 Mar 2025 07:45:12 +0100", "2025-03-05T06:45:12Z", "WordPress RSS, site zone"),
    DateCase("2025-03-05T06:45:12Z", "2025-03-05T06:45:12Z", "WordPress Atom"),
    DateCase("2025-03-05T07:45:12+01:00", "2025-03-05T06:45:12Z", "WordPress Atom, site zone"),
    // Blogger.
    DateCase("2025-03-04T22:45:12.345-08:00", "2025-03-05T06:45:12.345Z", "Blogger Atom"),
    DateCase("Wed, 05 Mar 2025 06:45:00 +0000", "2025-03-05T06:45:00Z", "Blogger RSS"),
    // GitHub releases and commits.
    DateCase("2025-03-05T07:45:12+01:00", "2025-03-05T06:45:12Z", "GitHub commits Atom"),
    DateCase("2025-03-05T06:45:12Z", "2025-03-05T06:45:12Z", "GitHub releases Atom"),
    // YouTube.
    DateCase("2025-03-05T06:45:12+00:00", "2025-03-05T06:45:12Z", "YouTube published"),
    DateCase("2025-03-05T06:45:12.123456+00:00", "2025-03-05T06:45:12.123Z", "YouTube updated, microseconds"),
    // Podcasts (iTunes-style RSS).
    DateCase("Wed, 5 Mar 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, one-digit day"),
    DateCase("Wed, 05 Mar 2025 01:45:12 EST", "2025-03-05T06:45:12Z", "podcast, EST"),
    DateCase("Wed, 05 Mar 2025 01:45:12 -0500", "2025-03-05T06:45:12Z", "podcast, -0500"),
    DateCase("Tue, 04 Mar 2025 22:45:12 PST", "2025-03-05T06:45:12Z", "podcast, PST, day before"),
    DateCase("Wed, 05 Mar 2025 06:45 GMT", "2025-03-05T06:45:00Z", "podcast, no seconds"),
    DateCase("Wed, 05 Mar 2025 6:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, one-digit hour"),
    DateCase("05 Mar 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, no weekday"),
    DateCase("Wed, 05 Mar 2025 06:45:12 -0000", "2025-03-05T06:45:12Z", "podcast, -0000"),
    DateCase("Wed, 05 Mar 2025 06:45:12", "2025-03-05T06:45:12Z", "podcast, no zone"),
    DateCase("Wed,05 Mar 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, no space after comma"),
    DateCase("Wed 05 Mar 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, no comma"),
    DateCase("Wednesday, 05 March 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, long names"),
    DateCase("Tues, 04 Mar 2025 22:45:12 PST", "2025-03-05T06:45:12Z", "podcast, Tues"),
    DateCase("Thurs, 06 Mar 2025 06:45:12 GMT", "2025-03-06T06:45:12Z", "podcast, Thurs"),
    DateCase("Thu, 06 Mar 2025 6:45 PM EST", "2025-03-06T23:45:00Z", "podcast, 12-hour clock"),
    DateCase("Wed, 05 Mar 2025 12:45:12 AM GMT", "2025-03-05T00:45:12Z", "podcast, 12 AM"),
    DateCase("wed, 05 mar 2025 06:45:12 gmt", "2025-03-05T06:45:12Z", "lower case"),
    DateCase("WED, 05 MAR 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "upper case"),
    // Old RSS 0.91 / 0.92 feeds and the RSS 2.0 specification's own examples.
    DateCase("Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01Z", "RSS 2.0 spec example"),
    DateCase("Sun, 19 May 2002 15:21:36 GMT", "2002-05-19T15:21:36Z", "RSS 2.0 spec example"),
    DateCase("Wed, 05 Mar 97 06:45:12 GMT", "1997-03-05T06:45:12Z", "RSS 0.91, two-digit year 19xx"),
    DateCase("Wed, 05 Mar 25 06:45:12 GMT", "2025-03-05T06:45:12Z", "two-digit year 20xx"),
    DateCase("Wed, 05 Mar 125 06:45:12 GMT", "2025-03-05T06:45:12Z", "three-digit year (RFC 2822 obsolete)"),
    DateCase("Thursday, 06-Mar-25 06:45:12 GMT", "2025-03-06T06:45:12Z", "RFC 850"),
    DateCase("Wed, 05-Mar-2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "cookie style"),
    DateCase("Wed, 05 Mar 2025 06:45:12 UT", "2025-03-05T06:45:12Z", "UT"),
    DateCase("Wed, 05 Mar 2025 06:45:12 Z", "2025-03-05T06:45:12Z", "military Z"),
    DateCase("Wed, 05 Mar 2025 06:45:12 UTC", "2025-03-05T06:45:12Z", "UTC"),
    DateCase("Wed, 05 Mar 2025", "2025-03-05T00:00:00Z", "date only"),
    // European sites.
    DateCase("Wed, 05 Mar 2025 07:45:12 +0100 (CET)", "2025-03-05T06:45:12Z", "offset with comment"),
    DateCase("Wed, 05 Mar 2025 07:45:12 CET", "2025-03-05T06:45:12Z", "CET"),
    DateCase("Wed, 05 Mar 2025 07:45:12 MEZ", "2025-03-05T06:45:12Z", "MEZ"),
    DateCase("Sat, 05 Jul 2025 08:45:12 CEST", "2025-07-05T06:45:12Z", "CEST"),
    DateCase("Sat, 05 Jul 2025 08:45:12 MESZ", "2025-07-05T06:45:12Z", "MESZ"),
    DateCase("Sat, 05 Jul 2025 07:45:12 BST", "2025-07-05T06:45:12Z", "BST"),
    DateCase("Wed, 05 Mar 2025 07:45:12 +01:00", "2025-03-05T06:45:12Z", "offset with colon"),
    DateCase("Wed, 05 Mar 2025 08:45:12 GMT+2", "2025-03-05T06:45:12Z", "GMT+2"),
    DateCase("Wed, 05 Mar 2025 01:45:12 UTC-05:00", "2025-03-05T06:45:12Z", "UTC-05:00"),
    DateCase("Mi, 05 Mär 2025 07:45:12 +0100", "2025-03-05T06:45:12Z", "German locale"),
    DateCase("Mo, 03 Mrz 2025 06:45:12 +0000", "2025-03-03T06:45:12Z", "German Mrz"),
    DateCase("Do, 05 DEZ 2024 07:45:12 MEZ", "2024-12-05T06:45:12Z", "German upper case"),
    DateCase("5. März 2025 07:45 MEZ", "2025-03-05T06:45:00Z", "German long form"),
    DateCase("MI, 05 MÄRZ 2025 07:45:12 +0100", "2025-03-05T06:45:12Z", "German upper case umlaut"),
    DateCase("mer., 05 mars 2025 07:45:12 +0100", "2025-03-05T06:45:12Z", "French locale"),
    DateCase("mar., 04 févr. 2025 07:45:12 +0100", "2025-02-04T06:45:12Z", "French mardi and février"),
    DateCase("05 déc. 2024 06:45:12 +0000", "2024-12-05T06:45:12Z", "French décembre"),
    // Elsewhere.
    DateCase("Wed, 05 Mar 2025 12:15:12 IST", "2025-03-05T06:45:12Z", "India"),
    DateCase("Wed, 05 Mar 2025 12:15:12 +0530", "2025-03-05T06:45:12Z", "India, numeric"),
    DateCase("Wed, 05 Mar 2025 15:45:12 JST", "2025-03-05T06:45:12Z", "Japan"),
    DateCase("Wed, 05 Mar 2025 17:45:12 AEDT", "2025-03-05T06:45:12Z", "Australia, summer"),
    DateCase("Sat, 05 Jul 2025 16:45:12 AEST", "2025-07-05T06:45:12Z", "Australia, winter"),
    DateCase("Wed, 05 Mar 2025 00:45:12 CST", "2025-03-05T06:45:12Z", "US central"),
    DateCase("Sat, 05 Jul 2025 01:45:12 CDT", "2025-07-05T06:45:12Z", "US central, summer"),
    DateCase("Tue, 04 Mar 2025 23:45:12 MST", "2025-03-05T06:45:12Z", "US mountain"),
    DateCase("Sat, 05 Jul 2025 00:45:12 MDT", "2025-07-05T06:45:12Z", "US mountain, summer"),
    DateCase("Sat, 05 Jul 2025 02:45:12 EDT", "2025-07-05T06:45:12Z", "US eastern, summer"),
    DateCase("Fri, 04 Jul 2025 23:45:12 PDT", "2025-07-05T06:45:12Z", "US pacific, summer"),
    DateCase("Mar 5, 2025 06:45:12 PM GMT", "2025-03-05T18:45:12Z", "month first"),
    DateCase("March 5, 2025", "2025-03-05T00:00:00Z", "month first, date only"),
    // RDF dc:date and W3C-DTF.
    DateCase("2025-03-05T07:45+01:00", "2025-03-05T06:45:00Z", "RDF dc:date without seconds"),
    DateCase("2025-03-05", "2025-03-05T00:00:00Z", "RDF dc:date, date only"),
    DateCase("2025-03-05T06:45Z", "2025-03-05T06:45:00Z", "W3C-DTF minutes"),
    DateCase("2025-03", "2025-03-01T00:00:00Z", "W3C-DTF month"),
    DateCase("2025", "2025-01-01T00:00:00Z", "W3C-DTF year"),
    // ISO 8601 / RFC 3339 variants.
    DateCase("2025-03-05T06:45:12.1Z", "2025-03-05T06:45:12.100Z", "one fraction digit"),
    DateCase("2025-03-05T06:45:12.123456789Z", "2025-03-05T06:45:12.123Z", "nanoseconds"),
    DateCase("2025-03-05T06:45:12.1234567890123Z", "2025-03-05T06:45:12.123Z", "more digits than nanoseconds"),
    DateCase("2025-03-05T06:45:12,5Z", "2025-03-05T06:45:12.500Z", "decimal comma"),
    DateCase("2025-03-05 06:45:12", "2025-03-05T06:45:12Z", "space, no zone"),
    DateCase("2025-03-05t06:45:12z", "2025-03-05T06:45:12Z", "lower case t and z"),
    DateCase("2025-03-05T06:45:12+0000", "2025-03-05T06:45:12Z", "offset without colon"),
    DateCase("2025-03-05 07:45:12 +0100", "2025-03-05T06:45:12Z", "Jekyll"),
    DateCase("2025-03-05 06:45:12 UTC", "2025-03-05T06:45:12Z", "Rails"),
    DateCase("20250305T064512Z", "2025-03-05T06:45:12Z", "ISO 8601 basic"),
    DateCase("2025-03-05T06:45:12-00:00", "2025-03-05T06:45:12Z", "unknown local offset"),
    // asctime and date(1).
    DateCase("Wed Mar  5 06:45:12 2025", "2025-03-05T06:45:12Z", "asctime"),
    DateCase("Wed Mar 5 06:45:12 UTC 2025", "2025-03-05T06:45:12Z", "date(1)"),
    DateCase("Wed Mar 05 07:45:12 CET 2025", "2025-03-05T06:45:12Z", "date(1), CET"),
    // Edges of the calendar and the clock.
    DateCase("Thu, 29 Feb 2024 06:45:12 GMT", "2024-02-29T06:45:12Z", "leap day"),
    DateCase("2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "leap day of a 400th year"),
    DateCase("2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z", "leap second, clamped"),
    DateCase("2025-03-05T24:00:00Z", "2025-03-06T00:00:00Z", "24:00 is the next midnight"),
    DateCase("Wed, 05 Mar 2025 00:30:00 +0100", "2025-03-04T23:30:00Z", "offset crosses the day"),
    DateCase("2025-01-01T00:30:00+01:00", "2024-12-31T23:30:00Z", "offset crosses the year"),
    DateCase("1969-07-20T20:17:40Z", "1969-07-20T20:17:40Z", "before 1970"),
    DateCase("  Wed, 05 Mar 2025 06:45:12 GMT \n", "2025-03-05T06:45:12Z", "surrounding white space"),
    DateCase("Wed,\u{A0}05\u{A0}Mar 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "no-break spaces"),
]

let unreadableDates: [String] = [
    "", "   ", "now", "yesterday", "0", "Wed", "Mar 2025", "05 Mar", "12:00", "+0100", "--", "()",
    "2025-13-01", "2025-00-10", "0000-01-01", "2025-02-29", "2024-02-30", "2025-04-31",
    "2025-03-05T25:00:00Z", "2025-03-05T06:60:00Z", "2025-03-05T06:45:61Z", "2025-03-05T24:00:01Z",
    "2025-03-05T06:45:12+2500", "2025-03-05T06:45:12.Z", "2025-03-05Tgarbage", "2025-03-05T06:45:12Z and more",
    "2025-03-05T06", "202503", "Wed, 32 Mar 2025 06:45:12 GMT", "Wed, 05 Foo 2025 06:45:12 GMT",
    "Posted 05 Mar 2025", "05/03/2025", "5.3.2025", "Wed, 05 Mar 2025 13:45:12 PM",
    "Wed, 05 Mar 2025 06:45:12 +", "99999999999999999999 Mar 2025", "Wed, 05 Mar 2025 6:5 GMT",
    "\u{0}", "💥",
]

@Test(arguments: realWorldDates)
func realWorldDateGivesItsInstant(_ date: DateCase) throws {
    let parsed = try #require(DateParser.parse(date.text))
    #expect(RFC3339.format(parsed) == date.expected)
}

@Test(arguments: unreadableDates)
func unreadableDateGivesNil(_ text: String) {
    #expect(DateParser.parse(text) == nil)
}

@Test func textLongerThanAnyDateGivesNil() {
    #expect(DateParser.parse("Wed, 05 Mar 2025 06:45:12 GMT" + String(repeating: " junk", count: 100)) == nil)
    #expect(DateParser.parse(String(repeating: "9", count: 10_000)) == nil)
    #expect(DateParser.parse(String(repeating: "2025-03-05T06:45:12Z", count: 50_000)) == nil)
}

@Test func everyPrefixOfADateParsesWithoutCrashing() {
    for date in realWorldDates {
        var prefix = ""
        for character in date.text {
            prefix.append(character)
            _ = DateParser.parse(prefix)
        }
    }
}

@Test func arbitraryBytesParseWithoutCrashing() {
    // A fixed linear congruential sequence: the same "random" inputs on every run.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let alphabet = Array("0123456789:+-.,TZ tMarWedGMTäé()\u{0}".utf8)
    for _ in 0..<5_000 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let length = Int(state >> 59)
        var bytes: [UInt8] = []
        for _ in 0..<length {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(state >> 60 < 8 ? alphabet[Int(state >> 33) % alphabet.count] : UInt8(truncatingIfNeeded: state >> 40))
        }
        if let date = DateParser.parse(String(decoding: bytes, as: UTF8.self)) {
            #expect(date.timeIntervalSince1970.isFinite)
        }
    }
}
