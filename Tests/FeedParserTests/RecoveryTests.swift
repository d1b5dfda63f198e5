import Foundation
import Testing
import FeedModel
import FeedParser

/// A feed libxml2 must recover says so, and recovery never runs one element's text into another's.
@Suite struct RecoveryTests {
    static let unclosedTitle = Data("""
        <rss version="2.0"><channel><title>T</title>
        <item><title>Zweiter Eintrag<link>https://example.org/broken/2b2</link></item>
        </channel></rss>
        """.utf8)

    @Test func anUnclosedTitleKeepsOnlyItsOwnText() throws {
        let feed = try TestFeeds.parse(Self.unclosedTitle)
        #expect(feed.entries.map(\.title) == ["Zweiter Eintrag"])
    }

    @Test func aRecoveredFeedSaysItNeededRecovery() throws {
        let feed = try TestFeeds.parse(Self.unclosedTitle)
        #expect(feed.warnings.first == "the feed is not well-formed XML; it was read in recovery mode")
    }

    @Test func aWellFormedFeedHasNoRecoveryWarning() throws {
        let feed = try TestFeeds.parse(TestFeeds.rss(items: TestFeeds.item(1)))
        #expect(feed.warnings.isEmpty)
    }
}
