import Foundation
import Synchronization
import Testing
@testable import FeedModel
import FeedParser
import TestSupport

/// A parse with an entry observer finishes its items on a second thread (`feedd parse`): it must
/// give the feed an inline parse gives, and the items the observer encoded on the way must be the
/// document's items byte for byte, or be left unused.
@Suite struct EntryObserverTests {
    /// What an observer saw: the positions, in the order they came.
    final class Positions: Sendable {
        let seen = Mutex<[Int]>([])
        func add(_ position: Int) { seen.withLock { $0.append(position) } }
        var all: [Int] { seen.withLock { $0 } }
    }

    /// A parse with an observer that records positions and prewrites the items.
    static func observedParse(_ data: Data, contentType: String? = nil, baseURL: String? = TestFeeds.baseURL)
        -> (Result<Feed, ParseError>, Positions, JSONFeedItemPrewriter) {
        let positions = Positions()
        let prewriter = JSONFeedItemPrewriter(pretty: true)
        let result = Result { () throws(ParseError) -> Feed in
            try FeedParser.parse(data, contentType: contentType, baseURL: baseURL, entryObserver: { entry, position in
                positions.add(position)
                prewriter.add(entry, at: position)
            })
        }
        return (result, positions, prewriter)
    }

    static func document(_ feed: Feed, prewritten: JSONFeedItemPrewriter? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONFeedEncoding.write(feed, pretty: true, prewritten: prewritten) { bytes.append(contentsOf: $0) }
        return bytes
    }

    static func usesPrewrittenItems(_ prewriter: JSONFeedItemPrewriter, _ feed: Feed) -> Bool {
        prewriter.withItems(ifTheyAre: feed.entries.count) { _ in }
    }

    @Test(arguments: GoldenFixture.all)
    func everyFixtureGivesTheSameFeedAndTheSameDocument(_ fixture: GoldenFixture) throws {
        let data = try Data(contentsOf: fixture.url)
        let inline = Result { () throws(ParseError) -> Feed in
            try FeedParser.parse(data, contentType: fixture.contentType, baseURL: GoldenFixture.baseURL)
        }
        let (observed, _, prewriter) = Self.observedParse(data, contentType: fixture.contentType, baseURL: GoldenFixture.baseURL)
        switch (inline, observed) {
        case (.success(let expected), .success(let feed)):
            #expect(feed == expected)
            #expect(Self.document(feed, prewritten: prewriter) == Self.document(expected))
        case (.failure(let expected), .failure(let error)):
            #expect(error.description == expected.description)
        default:
            Issue.record("inline \(inline), observed \(observed)")
        }
    }

    /// 100 items go over in batches of 32 and a rest of 4; two refused numbers and the wrapper
    /// warning after them keep their places among the feed's warnings.
    @Test func aPlainFeedIsSeenInOrderAndItsPrewrittenItemsAreUsed() throws {
        var items = (1...100).map(TestFeeds.item)
        for index in [4, 69] {
            items[index] = "<item><title>Item \(index + 1)</title><itunes:duration>inf</itunes:duration></item>\n"
        }
        let data = TestFeeds.rss(items: items.joined() + "<wrapper>" + TestFeeds.item(101) + "</wrapper>\n",
                                 namespaces: "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"")
        let inline = try TestFeeds.parse(data)
        let (observed, positions, prewriter) = Self.observedParse(data)
        let feed = try observed.get()

        #expect(feed == inline)
        #expect(feed.entries.count == 101)
        #expect(feed.warnings.count == 3)
        #expect(feed.warnings.last?.contains("inside <wrapper>") == true)
        #expect(positions.all == Array(0..<101))
        #expect(Self.usesPrewrittenItems(prewriter, feed))
        #expect(Self.document(feed, prewritten: prewriter) == Self.document(inline))
    }

    /// Recovery puts the item after an unclosed title inside it: the inner one is finished first,
    /// so the prewritten items are out of order and the document encodes them from the feed.
    @Test func anItemInsideAnItemIsEncodedFromTheFeed() throws {
        let data = Data("""
            <rss version="2.0"><channel><title>T</title>
            <item><title>Erster Eintrag<link>https://example.org/1</link></item>
            <item><title>Zweiter Eintrag</title><link>https://example.org/2</link></item>
            </channel></rss>
            """.utf8)
        let inline = try TestFeeds.parse(data)
        let (observed, positions, prewriter) = Self.observedParse(data)
        let feed = try observed.get()

        #expect(feed == inline)
        #expect(positions.all != Array(0..<positions.all.count))
        #expect(!Self.usesPrewrittenItems(prewriter, feed))
        #expect(Self.document(feed, prewritten: prewriter) == Self.document(inline))
    }

    /// A prewriter for compact JSON is not used for a pretty document.
    @Test func prewrittenItemsOfAnotherLayoutAreNotUsed() throws {
        let data = TestFeeds.rss(items: TestFeeds.item(1) + TestFeeds.item(2))
        let compact = JSONFeedItemPrewriter(pretty: false)
        let feed = try FeedParser.parse(data, baseURL: TestFeeds.baseURL, entryObserver: { compact.add($0, at: $1) })
        #expect(Self.document(feed, prewritten: compact) == Self.document(feed))
        var compactBytes: [UInt8] = []
        JSONFeedEncoding.write(feed, pretty: false, prewritten: compact) { compactBytes.append(contentsOf: $0) }
        #expect(String(decoding: compactBytes, as: UTF8.self) == JSONFeedEncoding.document(feed).serialized())
    }
}
