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

    static let unclosedTitleWithLinkAndGuid = Data("""
        <rss version="2.0"><channel><title>T</title>
        <item><title>Zweiter Eintrag<link>https://example.org/broken/2</link><guid>tag:example.org,2026:2</guid></item>
        </channel></rss>
        """.utf8)

    @Test func aLinkAndGuidInsideAnUnclosedTitleAreTheItemsOwn() throws {
        let entry = try #require(try TestFeeds.parse(Self.unclosedTitleWithLinkAndGuid).entries.first)
        #expect(entry.url == "https://example.org/broken/2")
        #expect(entry.guid == "tag:example.org,2026:2")
    }

    @Test func elementsReadOutOfAnUnclosedTitleAreWarnedOf() throws {
        let feed = try TestFeeds.parse(Self.unclosedTitleWithLinkAndGuid)
        #expect(feed.warnings.contains("2 elements found inside an unclosed element read as the parent's own"))
    }

    @Test func itemsInsideAWrapperElementAreKeptWithAWarning() throws {
        let feed = try TestFeeds.parse(TestFeeds.rss(items: "<items>\n" + TestFeeds.item(1) + TestFeeds.item(2) + "</items>\n"))
        #expect(feed.entries.map(\.title) == ["Item 1", "Item 2"])
        #expect(feed.warnings == ["line 3: 2 items were inside <items>, not directly in <channel> or the root; they were kept"])
    }

    @Test func itemsDirectlyInTheChannelNeedNoWrapperWarning() throws {
        let feed = try TestFeeds.parse(TestFeeds.rss(items: "<generator>g</generator>\n" + TestFeeds.item(1)))
        #expect(feed.warnings.isEmpty)
    }

    @Test func atomEntriesInsideAWrapperElementAreKeptWithAWarning() throws {
        let feed = try TestFeeds.parse(Data("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
            <entries><entry><id>urn:a</id><title>A</title></entry></entries></feed>
            """.utf8))
        #expect(feed.entries.map(\.guid) == ["urn:a"])
        #expect(feed.warnings == ["line 2: 1 entry was inside <entries>, not directly in <feed>; they were kept"])
    }

    @Test func anIdInsideAnUnclosedAtomTitleIsTheEntrysOwnWithAWarning() throws {
        let feed = try TestFeeds.parse(Data("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
            <entry><title type="html">A &lt;b&gt;B&lt;/b&gt;<id>urn:a</id></entry></feed>
            """.utf8))
        #expect(feed.entries.map(\.guid) == ["urn:a"])
        #expect(feed.entries.map(\.title) == ["A B"])
        #expect(feed.warnings.contains("1 element found inside an unclosed element read as the parent's own"))
    }
}
