import FeedModel
import FeedStore
import Foundation
import Testing

/// A value the store cannot hold (a non-finite number, a date no calendar can write) is left
/// out of its item with a warning; the item and the rest of its feed are stored.
@Suite struct UnstorableValueTests {
    static func episode(_ n: Int, duration: Double) -> Entry {
        var entry = StoreFixture.article(n)
        entry.enclosures = [Enclosure(url: "https://news.example/\(n).mp3", mimeType: "audio/mpeg", durationSeconds: duration)]
        return entry
    }

    @Test(arguments: [Double.infinity, -Double.infinity, Double.nan])
    func aNonFiniteDurationIsLeftOutAndTheFeedStored(duration: Double) throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let result = try fixture.ingest(feedID, [Self.episode(1, duration: duration), StoreFixture.article(2)])
        #expect(result.newItems.count == 2)
        let stored = try #require(try fixture.store.items(feedName: nil, since: nil, limit: 10).first { $0.entry.title == "Article 1" })
        #expect(stored.entry.enclosures.map(\.url) == ["https://news.example/1.mp3"])
        #expect(stored.entry.enclosures.first?.durationSeconds == nil)
        let warning = try #require(result.warnings.first)
        #expect(result.warnings.count == 1)
        #expect(warning.hasPrefix("store: feed news (https://news.example/feed): item guid:https://news.example/?p=1"))
        #expect(warning.contains("duration"))
    }

    @Test(arguments: [Double.infinity, Double.nan, 1e300, -1e300, 1e19])
    func anUnwritableDateIsLeftOutAndTheFeedStored(seconds: Double) throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        var odd = StoreFixture.article(1)
        odd.published = Date(timeIntervalSince1970: seconds)
        odd.modified = Date(timeIntervalSince1970: seconds)
        let result = try fixture.ingest(feedID, [odd, StoreFixture.article(2)])
        #expect(result.newItems.count == 2 && result.warnings.count == 1)
        let stored = try #require(try fixture.store.items(feedName: nil, since: nil, limit: 10).first { $0.entry.title == "Article 1" })
        #expect(stored.entry.published == nil && stored.entry.modified == nil)
    }

    @Test func anItemWithNeitherGuidNorURLAndAnInfiniteDateGetsAnIdentity() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let bare = Entry(title: "Bare", contentText: "text", published: Date(timeIntervalSince1970: .infinity))
        let result = try fixture.ingest(feedID, [bare])
        #expect(result.newItems.map(\.entry.title) == ["Bare"])
        #expect(try fixture.ingest(feedID, [bare], at: 120).newItems.isEmpty)
    }

    @Test func anItemWithNeitherGuidNorURLDatedAfterTheYear9999KeepsItsIdentityKey() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let far = Entry(title: "Far", contentText: "text", published: Date(timeIntervalSince1970: 1e12))
        let stored = try #require(try fixture.ingest(feedID, [far]).newItems.first)
        #expect(stored.identityKey == "hash:" + far.contentFingerprint)
        #expect(stored.entry.published == nil)
    }

    @Test func hugeIntegersAreStoredAsTheyAre() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        var big = StoreFixture.article(1)
        big.enclosures = [Enclosure(url: "https://news.example/big.iso", sizeInBytes: .max, durationSeconds: 1e300)]
        big.commentCount = .max
        let result = try fixture.ingest(feedID, [big])
        #expect(result.warnings.isEmpty)
        let stored = try #require(try fixture.store.items(feedName: nil, since: nil, limit: 10).first)
        #expect(stored.entry.enclosures.first?.sizeInBytes == .max)
        #expect(stored.entry.enclosures.first?.durationSeconds == 1e300)
        #expect(stored.entry.commentCount == .max)
    }
}
