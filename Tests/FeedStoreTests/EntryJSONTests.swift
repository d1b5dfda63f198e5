@testable import FeedStore
import FeedModel
import Foundation
import Testing

/// The hand-written `entry_json` / `authors` columns read back through `JSONDecoder` exactly as
/// `JSONEncoder`'s output of the same entry does, so old and new rows share one reader.
struct EntryJSONTests {
    static let awkwardText = "Quote \" backslash \\ slash / tab \t newline \n return \r nul \u{0} unit \u{1F} del \u{7F} "
        + "line sep \u{2028} Köln e\u{301} 😀 <b>&amp;</b>"

    static let richEntry = Entry(
        guid: "tag:example.org,2025:" + awkwardText, url: "https://example.org/a?b=c&d=e#f", externalURL: "https://other.example/",
        title: awkwardText, contentHTML: "<p>big</p>", contentText: "big", summary: "sum",
        imageURL: "https://example.org/i.png",
        published: Date(timeIntervalSince1970: 1_750_000_000.123456), modified: Date(timeIntervalSinceReferenceDate: -12_345.678_9),
        authors: [Author(name: "Ann \"A\" O'Neil", url: "https://ann.example/", email: "ann@example.org", avatar: "https://ann.example/a.png"),
                  Author(name: "Bob")],
        tags: ["", "tag one", awkwardText],
        enclosures: [Enclosure(url: "https://example.org/e.mp3", mimeType: "audio/mpeg", sizeInBytes: Int64.max,
                               durationSeconds: 0.000_01, title: "Episode"),
                     Enclosure(url: "https://example.org/f.mp3", durationSeconds: 1e300),
                     Enclosure(url: "https://example.org/g.mp3", sizeInBytes: -1, durationSeconds: -0.0)],
        commentsURL: "https://example.org/a#comments", commentsFeedURL: "https://example.org/a/feed", commentCount: 42)

    static func withoutLargeTexts(_ entry: Entry) -> Entry {
        var rest = entry
        rest.contentHTML = nil
        rest.contentText = nil
        rest.summary = nil
        return rest
    }

    @Test(arguments: [richEntry, Entry(), Entry(guid: "only-guid", published: Date(timeIntervalSinceReferenceDate: 0))])
    func entryJSONReadsBackAsTheEntryWithoutItsLargeTexts(entry: Entry) throws {
        let text = try #require(EntryJSON.encode(entry))
        let decoded = try JSONDecoder().decode(Entry.self, from: Data(text.utf8))
        #expect(decoded == Self.withoutLargeTexts(entry))
        let foundation = try JSONDecoder().decode(Entry.self, from: JSONEncoder().encode(Self.withoutLargeTexts(entry)))
        #expect(decoded == foundation)
    }

    @Test func authorsColumnReadsBackAsTheAuthors() throws {
        let authors = Self.richEntry.authors + [Author()]
        let decoded = try JSONDecoder().decode([Author].self, from: Data(EntryJSON.encode(authors).utf8))
        #expect(decoded == authors)
        #expect(EntryJSON.encode([Author]()) == "[]")
    }

    @Test func aNonFiniteNumberIsLeftToJSONEncoderToReport() {
        var entry = Self.richEntry
        entry.enclosures = [Enclosure(url: "https://example.org/e.mp3", durationSeconds: .infinity)]
        #expect(EntryJSON.encode(entry) == nil)
    }
}
