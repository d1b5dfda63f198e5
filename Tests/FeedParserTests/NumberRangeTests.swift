import Foundation
import Testing
import FeedModel
import FeedParser
import TestSupport

/// Numbers out of range leave no trace in the feed but a warning that names the element and the item
/// (the golden fixtures under `hostile/` and `json/numbers-out-of-range` show the fields are absent).
@Suite struct NumberRangeTests {
    private func warnings(_ fixture: String) throws -> [String] {
        try TestFeeds.parse(try Fixtures.data(fixture)).warnings
    }

    @Test func infiniteItunesDurationIsAWarningNamingTheElementAndTheItem() throws {
        let warnings = try warnings("hostile/itunes-duration-infinite.xml")
        #expect(warnings.contains("line 7: item \"Infinity\": <itunes:duration> \"inf\" is not a number; left out"))
        #expect(warnings.count == 6)
    }

    @Test func mediaContentDurationAndSizeOutOfRangeAreWarnings() throws {
        let warnings = try warnings("hostile/media-duration-1e309.xml")
        #expect(warnings.contains("line 7: item \"Duration 1e309\": <media:content duration> \"1e309\" is not a number; left out"))
        #expect(warnings.contains("line 12: item \"Duration infinity, size negative\": <media:content fileSize> \"-1\" is negative; left out"))
        #expect(warnings.count == 6)
    }

    @Test func hugeCountsAndSizesAreWarningsAndTheRealOnesStay() throws {
        let feed = try TestFeeds.parse(try Fixtures.data("hostile/huge-integers.xml"))
        #expect(feed.warnings.contains("line 12: item \"Just past Int64\": <slash:comments> \"9223372036854775808\" is above the maximum of 100000000; left out"))
        #expect(feed.warnings.count == 10)
        let real = try #require(feed.entries.last)
        #expect(real.commentCount == 42)
        #expect(real.enclosures.first?.sizeInBytes == 2048)
    }

    @Test func ttlAndUpdateFrequencyOutOfRangeGiveNoInterval() throws {
        let feed = try TestFeeds.parse(try Fixtures.data("hostile/huge-integers.xml"))
        #expect(feed.warnings.contains { $0.hasPrefix("line 9: channel <ttl>") })
        #expect(feed.warnings.contains { $0.hasPrefix("line 11: channel <sy:updateFrequency> \"1e309\"") })
        // Only sy:updatePeriod hourly (once an hour) is left.
        #expect(feed.updateInterval == 3600)
    }

    @Test func atomThreadCountsAndLengthsOutOfRangeAreWarnings() throws {
        let feed = try TestFeeds.parse(try Fixtures.data("hostile/atom-huge-integers.xml"))
        #expect(feed.warnings == [
            "line 7: item \"Replies beyond the maximum\": <link thr:count> \"1e309\" is not a number; left out",
            "line 7: item \"Replies beyond the maximum\": <link length> \"99999999999999999999\" is above the maximum of 1099511627776; left out",
            "line 15: item \"Total negative\": <thr:total> \"-1\" is negative; left out",
        ])
        #expect(feed.entries.map(\.commentCount) == [nil, nil, 7])
    }

    @Test func jsonFeedNumbersOutOfRangeAreDroppedWithAWarningInsteadOfFailingTheFeed() throws {
        let feed = try TestFeeds.parse(try Fixtures.data("json/numbers-out-of-range.json"))
        #expect(feed.entries.count == 9)
        #expect(feed.warnings.contains("item 1 \"Size 1e400\": attachment size_in_bytes \"1e400\" is not a finite number; left out"))
        #expect(feed.warnings.contains("item 4 \"Size with a fraction\": attachment size_in_bytes 1.5 is not a whole number; left out"))
        #expect(feed.warnings.count == 11)
        let sizes = feed.entries.flatMap(\.enclosures).compactMap(\.sizeInBytes)
        #expect(sizes == [31_415_926, 2048])
        #expect(feed.entries.flatMap(\.enclosures).compactMap(\.durationSeconds) == [212.5, 61])
    }

    @Test func jsonFeedIdsBeyondADoubleKeepEveryDigit() throws {
        let feed = try TestFeeds.parse(Data("""
            {"version": "https://jsonfeed.org/version/1.1", "items": [
              {"id": 9223372036854775808, "title": "a"}, {"id": 9223372036854775809, "title": "b"}, {"id": 1e400, "title": "c"}]}
            """.utf8))
        #expect(feed.entries.map(\.guid) == ["9223372036854775808", "9223372036854775809", "1e400"])
    }

    @Test func noNumberInAnyFixtureIsNonFiniteOrNegative() throws {
        for fixture in GoldenFixture.all {
            guard let feed = try? TestFeeds.parse(try Data(contentsOf: fixture.url), contentType: fixture.contentType) else { continue }
            for enclosure in feed.entries.flatMap(\.enclosures) {
                #expect(enclosure.durationSeconds.map { $0.isFinite && $0 >= 0 } ?? true, "\(fixture.relativePath)")
                #expect(enclosure.sizeInBytes.map { $0 > 0 } ?? true, "\(fixture.relativePath)")
            }
            #expect(feed.entries.allSatisfy { ($0.commentCount ?? 0) >= 0 }, "\(fixture.relativePath)")
            #expect(feed.updateInterval.map { $0.isFinite && $0 > 0 } ?? true, "\(fixture.relativePath)")
        }
    }
}
