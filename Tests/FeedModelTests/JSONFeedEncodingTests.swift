import Foundation
import Testing
@testable import FeedModel

@Test func rfc3339FormatsWholeSecondsInUTC() {
    #expect(RFC3339.format(Date(timeIntervalSince1970: 1_741_157_112)) == "2025-03-05T06:45:12Z")
}

@Test func rfc3339KeepsMilliseconds() {
    #expect(RFC3339.format(Date(timeIntervalSince1970: 0.25)) == "1970-01-01T00:00:00.250Z")
}

@Test func rfc3339HandlesDatesBefore1970() {
    #expect(RFC3339.format(Date(timeIntervalSince1970: -86_400 * 365)) == "1969-01-01T00:00:00Z")
}

@Test func absentValuesAreLeftOutOfItems() {
    let json = JSONFeedEncoding.item(Entry(guid: "g1", title: "T")).serialized()
    #expect(json == #"{"id":"g1","title":"T","_feedd":{"guid":"g1"}}"#)
}

@Test func feedDocumentStartsWithVersionAndCarriesTheFormat() {
    let feed = Feed(format: .atom10, title: "X", entries: [Entry(url: "https://e/1")])
    let json = JSONFeedEncoding.document(feed).serialized()
    #expect(json == #"{"version":"https://jsonfeed.org/version/1.1","title":"X","_feedd":{"format":"atom1.0"},"items":[{"id":"https://e/1","url":"https://e/1"}]}"#)
}

@Test func controlCharactersAndQuotesAreEscaped() {
    #expect(JSONValue.string("a\"b\\c\n\u{1}").serialized() == #""a\"b\\c\n\u0001""#)
}

@Test func entryWithoutGuidOrURLGetsAStableHashID() {
    let a = Entry(title: "Same", contentHTML: "<p>x</p>")
    let b = Entry(title: "Same", contentHTML: "<p>x</p>")
    #expect(a.jsonFeedID == b.jsonFeedID)
    #expect(a.jsonFeedID.hasPrefix("sha256:"))
    #expect(a.jsonFeedID != Entry(title: "Other", contentHTML: "<p>x</p>").jsonFeedID)
}

/// `feedd parse` writes the document as it encodes it; the bytes must be those of the built document.
@Test func streamedDocumentIsByteForByteTheBuiltOne() {
    let full = Feed(format: .rss20, title: "Titel – “quoted”", homePageURL: "https://e/", feedURL: "https://e/feed",
                    description: "d\n", language: "de", iconURL: "https://e/i.png",
                    authors: [Author(name: "Jo", email: "jo@e"), Author()], hubURLs: ["https://hub/"],
                    entries: [
                        Entry(guid: "g1", url: "https://e/1", title: "T", contentHTML: "<p>\"x\"</p>", summary: "s",
                              published: Date(timeIntervalSince1970: 1_741_157_112), authors: [Author(name: "A")],
                              tags: ["a", "b"], enclosures: [Enclosure(url: "https://e/a.mp3", sizeInBytes: 12)],
                              commentsURL: "https://e/1#c", commentCount: 3),
                        Entry(title: "no id", contentText: "plain"),
                    ])
    let feeds = [full, Feed(format: .atom10), Feed(format: .jsonFeed, entries: [Entry(url: "https://e/only")])]
    for feed in feeds {
        for pretty in [false, true] {
            for chunk in [1, 5, 1 << 16] {
                var streamed: [UInt8] = []
                JSONFeedEncoding.write(feed, pretty: pretty, chunkBytes: chunk) { streamed.append(contentsOf: $0) }
                #expect(streamed == JSONFeedEncoding.document(feed).serializedBytes(pretty: pretty),
                        "\(feed.entries.count) items, pretty \(pretty), chunk \(chunk)")
            }
        }
    }
}
