@testable import FeedStore
import FeedModel
import Foundation
import Testing

/// Content hashes decide which fetched entries are updates: their values are pinned here with
/// values computed outside Swift (a Python transcription of the documented steps), and an
/// item stored under the earlier FNV-1a form must not look changed.
@Suite struct ContentHashTests {
    static func hash<Hasher: ContentHashing>(_ fields: [String], with: Hasher.Type) -> String {
        var hasher = Hasher()
        for field in fields { hasher.add(field) }
        return hasher.text
    }

    @Test func bothFormsGiveTheirDocumentedValues() {
        let fields = ["Title é", "example.com/a", "<p>Hello, world: eight+ bytes</p>", "", "Sum"]
        #expect(Self.hash(fields, with: WordHasher.self) == "w1:4d50e136904e8c8d")
        #expect(Self.hash(fields, with: FNV1aHasher.self) == "9e8a74bba689faa8")
    }

    @Test func fieldsCannotRunIntoEachOtherNorGainTrailingZeros() {
        #expect(Self.hash(["ab", "c"], with: WordHasher.self) == "w1:c253fcf139126cbf")
        #expect(Self.hash(["a", "bc"], with: WordHasher.self) == "w1:b258b6306fcfe538")
        #expect(Self.hash(["a"], with: WordHasher.self) != Self.hash(["a\0"], with: WordHasher.self))
    }

    @Test func anItemStoredWithTheEarlierFormIsUnchangedWhenItsContentIs() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1)])
        let db = try SQLiteConnection(path: fixture.path)
        // What feedd stored for this article before the word-wise hash.
        try db.run("UPDATE items SET content_hash = '6e968a9f33d4af80'")
        let again = try fixture.ingest(feedID, [StoreFixture.article(1)], at: 120)
        #expect(again.unchanged == 1 && again.updatedItems.isEmpty)
        #expect(try db.queryFirst("SELECT content_hash FROM items") { $0.text(0) } == "6e968a9f33d4af80")

        let edited = try fixture.ingest(feedID, [StoreFixture.article(1, content: "<p>Edited</p>")], at: 180)
        #expect(edited.updatedItems.count == 1)
        #expect(edited.updatedItems.first?.contentHash.hasPrefix(ContentHash.currentPrefix) == true)
    }

    @Test func newItemsGetTheCurrentForm() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let result = try fixture.ingest(feedID, [StoreFixture.article(1)])
        #expect(result.newItems.first?.contentHash.hasPrefix("w1:") == true)
        #expect(try fixture.ingest(feedID, [StoreFixture.article(1)], at: 120).unchanged == 1)
    }
}
