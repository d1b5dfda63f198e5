import Foundation
import Testing
import FeedModel
import FeedParser
import TestSupport

/// Broken XML is read in recover mode: every readable item is kept, and what was wrong becomes a warning.
@Suite struct BrokenFeedTests {
    @Test func itemsAroundAMismatchedTagAreKeptWithALineNumberedWarning() throws {
        let feed = try TestFeeds.parse(try Fixtures.data("broken/mismatched-end-tags.xml"))
        #expect(feed.entries.compactMap(\.title) == ["Item 1", "Mismatch", "Item 3"])
        #expect(feed.warnings.contains { $0.hasPrefix("line 4: Opening and ending tag mismatch") })
    }

    @Test func truncatedDocumentKeepsTheItemsBeforeTheCut() throws {
        let feed = try TestFeeds.parse(try Fixtures.data("broken/truncated-mid-item.xml"))
        #expect(feed.entries.compactMap(\.title) == ["Item 1", "Item 2", "Cut off here"])
        #expect(!feed.warnings.isEmpty)
    }

    @Test func nulBytesAreDroppedAndReported() throws {
        let feed = try TestFeeds.parse(try Fixtures.data("broken/nul-bytes.xml"))
        #expect(feed.entries.count == 3)
        #expect(feed.warnings.contains { $0.hasPrefix("dropped ") })
    }

    @Test func documentWithoutAnyRootElementIsAnErrorWithLibxml2sMessage() {
        let error = TestFeeds.error(Data("just text".utf8))
        #expect(error == .malformedXML(message: "Start tag expected, '<' not found", line: 1))
    }

    @Test func unclosedVoidHTMLElementsDoNotSwallowLaterItems() throws {
        let feed = try TestFeeds.parse(try Fixtures.data("broken/unclosed-tags.xml"))
        #expect(feed.entries.compactMap(\.title) == ["Item 1", "Unclosed HTML in a description", "Item 3"])
    }
}
