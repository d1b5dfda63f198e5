import FeedModel
import Foundation
import Testing
@testable import FeedParser

/// A date as a feed wrote it, where it was seen, and the instant it names.
struct DateParserCase: Sendable, CustomTestStringConvertible {
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

private let realWorldDates: [DateParserCase] = [
    // WordPress: RSS 2.0 pubDate, Atom updated.
    DateParserCase("Wed, 05 Mar 2025 06:45:12 +0000", "2025-03-05T06:45:12Z", "WordPress RSS"),
    DateParserCase("Wed, 05 Mar 2025 07:45:12 +0100", "2025-03-05T06:45:12Z", "WordPress RSS, site zone"),
    DateParserCase("2025-03-05T06:45:12Z", "2025-03-05T06:45:12Z", "WordPress Atom"),
    DateParserCase("2025-03-05T07:45:12+01:00", "2025-03-05T06:45:12Z", "WordPress Atom, site zone"),
    // Blogger.
    DateParserCase("2025-03-04T22:45:12.345-08:00", "2025-03-05T06:45:12.345Z", "Blogger Atom"),
    DateParserCase("Wed, 05 Mar 2025 06:45:00 +0000", "2025-03-05T06:45:00Z", "Blogger RSS"),
    // GitHub releases and commits.
    DateParserCase("2025-03-05T07:45:12+01:00", "2025-03-05T06:45:12Z", "GitHub commits Atom"),
    DateParserCase("2025-03-05T06:45:12Z", "2025-03-05T06:45:12Z", "GitHub releases Atom"),
    // YouTube.
    DateParserCase("2025-03-05T06:45:12+00:00", "2025-03-05T06:45:12Z", "YouTube published"),
    DateParserCase("2025-03-05T06:45:12.123456+00:00", "2025-03-05T06:45:12.123Z", "YouTube updated, microseconds"),
    // Podcasts (iTunes-style RSS).
    DateParserCase("Wed, 5 Mar 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, one-digit day"),
    DateParserCase("Wed, 05 Mar 2025 01:45:12 EST", "2025-03-05T06:45:12Z", "podcast, EST"),
    DateParserCase("Wed, 05 Mar 2025 01:45:12 -0500", "2025-03-05T06:45:12Z", "podcast, -0500"),
    DateParserCase("Tue, 04 Mar 2025 22:45:12 PST", "2025-03-05T06:45:12Z", "podcast, PST, day before"),
    DateParserCase("Wed, 05 Mar 2025 06:45 GMT", "2025-03-05T06:45:00Z", "podcast, no seconds"),
    DateParserCase("Wed, 05 Mar 2025 6:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, one-digit hour"),
    DateParserCase("05 Mar 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, no weekday"),
    DateParserCase("Wed, 05 Mar 2025 06:45:12 -0000", "2025-03-05T06:45:12Z", "podcast, -0000"),
    DateParserCase("Wed, 05 Mar 2025 06:45:12", "2025-03-05T06:45:12Z", "podcast, no zone"),
    DateParserCase("Wed,05 Mar 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, no space after comma"),
    DateParserCase("Wed 05 Mar 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, no comma"),
    DateParserCase("Wednesday, 05 March 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "podcast, long names"),
    DateParserCase("Tues, 04 Mar 2025 22:45:12 PST", "2025-03-05T06:45:12Z", "podcast, Tues"),
    DateParserCase("Thurs, 06 Mar 2025 06:45:12 GMT", "2025-03-06T06:45:12Z", "podcast, Thurs"),
    DateParserCase("Thu, 06 Mar 2025 6:45 PM EST", "2025-03-06T23:45:00Z", "podcast, 12-hour clock"),
    DateParserCase("Wed, 05 Mar 2025 12:45:12 AM GMT", "2025-03-05T00:45:12Z", "podcast, 12 AM"),
    DateParserCase("wed, 05 mar 2025 06:45:12 gmt", "2025-03-05T06:45:12Z", "lower case"),
    DateParserCase("WED, 05 MAR 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "upper case"),
    // Old RSS 0.91 / 0.92 feeds and the RSS 2.0 specification's own examples.
    DateParserCase("Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01Z", "RSS 2.0 spec example"),
    DateParserCase("Sun, 19 May 2002 15:21:36 GMT", "2002-05-19T15:21:36Z", "RSS 2.0 spec example"),
    DateParserCase("Wed, 05 Mar 97 06:45:12 GMT", "1997-03-05T06:45:12Z", "RSS 0.91, two-digit year 19xx"),
    DateParserCase("Wed, 05 Mar 25 06:45:12 GMT", "2025-03-05T06:45:12Z", "two-digit year 20xx"),
    DateParserCase("Wed, 05 Mar 125 06:45:12 GMT", "2025-03-05T06:45:12Z", "three-digit year (RFC 2822 obsolete)"),
    DateParserCase("Thursday, 06-Mar-25 06:45:12 GMT", "2025-03-06T06:45:12Z", "RFC 850"),
    DateParserCase("Wed, 05-Mar-2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "cookie style"),
    DateParserCase("Wed, 05 Mar 2025 06:45:12 UT", "2025-03-05T06:45:12Z", "UT"),
    DateParserCase("Wed, 05 Mar 2025 06:45:12 Z", "2025-03-05T06:45:12Z", "military Z"),
    DateParserCase("Wed, 05 Mar 2025 06:45:12 UTC", "2025-03-05T06:45:12Z", "UTC"),
    DateParserCase("Wed, 05 Mar 2025", "2025-03-05T00:00:00Z", "date only"),
    // European sites.
    DateParserCase("Wed, 05 Mar 2025 07:45:12 +0100 (CET)", "2025-03-05T06:45:12Z", "offset with comment"),
    DateParserCase("Wed, 05 Mar 2025 07:45:12 CET", "2025-03-05T06:45:12Z", "CET"),
    DateParserCase("Wed, 05 Mar 2025 07:45:12 MEZ", "2025-03-05T06:45:12Z", "MEZ"),
    DateParserCase("Sat, 05 Jul 2025 08:45:12 CEST", "2025-07-05T06:45:12Z", "CEST"),
    DateParserCase("Sat, 05 Jul 2025 08:45:12 MESZ", "2025-07-05T06:45:12Z", "MESZ"),
    DateParserCase("Sat, 05 Jul 2025 07:45:12 BST", "2025-07-05T06:45:12Z", "BST"),
    DateParserCase("Wed, 05 Mar 2025 07:45:12 +01:00", "2025-03-05T06:45:12Z", "offset with colon"),
    DateParserCase("Wed, 05 Mar 2025 08:45:12 GMT+2", "2025-03-05T06:45:12Z", "GMT+2"),
    DateParserCase("Wed, 05 Mar 2025 01:45:12 UTC-05:00", "2025-03-05T06:45:12Z", "UTC-05:00"),
    DateParserCase("Mi, 05 Mär 2025 07:45:12 +0100", "2025-03-05T06:45:12Z", "German locale"),
    DateParserCase("Mo, 03 Mrz 2025 06:45:12 +0000", "2025-03-03T06:45:12Z", "German Mrz"),
    DateParserCase("Do, 05 DEZ 2024 07:45:12 MEZ", "2024-12-05T06:45:12Z", "German upper case"),
    DateParserCase("5. März 2025 07:45 MEZ", "2025-03-05T06:45:00Z", "German long form"),
    DateParserCase("MI, 05 MÄRZ 2025 07:45:12 +0100", "2025-03-05T06:45:12Z", "German upper case umlaut"),
    DateParserCase("mer., 05 mars 2025 07:45:12 +0100", "2025-03-05T06:45:12Z", "French locale"),
    DateParserCase("mar., 04 févr. 2025 07:45:12 +0100", "2025-02-04T06:45:12Z", "French mardi and février"),
    DateParserCase("05 déc. 2024 06:45:12 +0000", "2024-12-05T06:45:12Z", "French décembre"),
    // Elsewhere.
    DateParserCase("Wed, 05 Mar 2025 12:15:12 IST", "2025-03-05T06:45:12Z", "India"),
    DateParserCase("Wed, 05 Mar 2025 12:15:12 +0530", "2025-03-05T06:45:12Z", "India, numeric"),
    DateParserCase("Wed, 05 Mar 2025 15:45:12 JST", "2025-03-05T06:45:12Z", "Japan"),
    DateParserCase("Wed, 05 Mar 2025 17:45:12 AEDT", "2025-03-05T06:45:12Z", "Australia, summer"),
    DateParserCase("Sat, 05 Jul 2025 16:45:12 AEST", "2025-07-05T06:45:12Z", "Australia, winter"),
    DateParserCase("Wed, 05 Mar 2025 00:45:12 CST", "2025-03-05T06:45:12Z", "US central"),
    DateParserCase("Sat, 05 Jul 2025 01:45:12 CDT", "2025-07-05T06:45:12Z", "US central, summer"),
    DateParserCase("Tue, 04 Mar 2025 23:45:12 MST", "2025-03-05T06:45:12Z", "US mountain"),
    DateParserCase("Sat, 05 Jul 2025 00:45:12 MDT", "2025-07-05T06:45:12Z", "US mountain, summer"),
    DateParserCase("Sat, 05 Jul 2025 02:45:12 EDT", "2025-07-05T06:45:12Z", "US eastern, summer"),
    DateParserCase("Fri, 04 Jul 2025 23:45:12 PDT", "2025-07-05T06:45:12Z", "US pacific, summer"),
    DateParserCase("Mar 5, 2025 06:45:12 PM GMT", "2025-03-05T18:45:12Z", "month first"),
    DateParserCase("March 5, 2025", "2025-03-05T00:00:00Z", "month first, date only"),
    // RDF dc:date and W3C-DTF.
    DateParserCase("2025-03-05T07:45+01:00", "2025-03-05T06:45:00Z", "RDF dc:date without seconds"),
    DateParserCase("2025-03-05", "2025-03-05T00:00:00Z", "RDF dc:date, date only"),
    DateParserCase("2025-03-05T06:45Z", "2025-03-05T06:45:00Z", "W3C-DTF minutes"),
    DateParserCase("2025-03", "2025-03-01T00:00:00Z", "W3C-DTF month"),
    DateParserCase("2025", "2025-01-01T00:00:00Z", "W3C-DTF year"),
    // ISO 8601 / RFC 3339 variants.
    DateParserCase("2025-03-05T06:45:12.1Z", "2025-03-05T06:45:12.100Z", "one fraction digit"),
    DateParserCase("2025-03-05T06:45:12.123456789Z", "2025-03-05T06:45:12.123Z", "nanoseconds"),
    DateParserCase("2025-03-05T06:45:12.1234567890123Z", "2025-03-05T06:45:12.123Z", "more digits than nanoseconds"),
    DateParserCase("2025-03-05T06:45:12,5Z", "2025-03-05T06:45:12.500Z", "decimal comma"),
    DateParserCase("2025-03-05 06:45:12", "2025-03-05T06:45:12Z", "space, no zone"),
    DateParserCase("2025-03-05t06:45:12z", "2025-03-05T06:45:12Z", "lower case t and z"),
    DateParserCase("2025-03-05T06:45:12+0000", "2025-03-05T06:45:12Z", "offset without colon"),
    DateParserCase("2025-03-05 07:45:12 +0100", "2025-03-05T06:45:12Z", "Jekyll"),
    DateParserCase("2025-03-05 06:45:12 UTC", "2025-03-05T06:45:12Z", "Rails"),
    DateParserCase("20250305T064512Z", "2025-03-05T06:45:12Z", "ISO 8601 basic"),
    DateParserCase("2025-03-05T06:45:12-00:00", "2025-03-05T06:45:12Z", "unknown local offset"),
    // asctime and date(1).
    DateParserCase("Wed Mar  5 06:45:12 2025", "2025-03-05T06:45:12Z", "asctime"),
    DateParserCase("Wed Mar 5 06:45:12 UTC 2025", "2025-03-05T06:45:12Z", "date(1)"),
    DateParserCase("Wed Mar 05 07:45:12 CET 2025", "2025-03-05T06:45:12Z", "date(1), CET"),
    // Edges of the calendar and the clock.
    DateParserCase("Thu, 29 Feb 2024 06:45:12 GMT", "2024-02-29T06:45:12Z", "leap day"),
    DateParserCase("2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "leap day of a 400th year"),
    DateParserCase("2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z", "leap second, clamped"),
    DateParserCase("2025-03-05T24:00:00Z", "2025-03-06T00:00:00Z", "24:00 is the next midnight"),
    DateParserCase("Wed, 05 Mar 2025 00:30:00 +0100", "2025-03-04T23:30:00Z", "offset crosses the day"),
    DateParserCase("2025-01-01T00:30:00+01:00", "2024-12-31T23:30:00Z", "offset crosses the year"),
    DateParserCase("1969-07-20T20:17:40Z", "1969-07-20T20:17:40Z", "before 1970"),
    DateParserCase("  Wed, 05 Mar 2025 06:45:12 GMT \n", "2025-03-05T06:45:12Z", "surrounding white space"),
    DateParserCase("Wed,\u{A0}05\u{A0}Mar 2025 06:45:12 GMT", "2025-03-05T06:45:12Z", "no-break spaces"),
]

private let unreadableDates: [String] = [
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
func realWorldDateGivesItsInstant(_ date: DateParserCase) throws {
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
