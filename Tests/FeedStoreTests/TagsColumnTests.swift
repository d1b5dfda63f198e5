import Foundation
import Testing
@testable import FeedStore

@Suite struct TagsColumnTests {
    static let lists: [[String]] = [
        [], [""], ["", ""], ["tech"], ["tech", "news"], ["a,b", "c"], ["a\",\"b"], ["back\\slash"], ["a/b"],
        ["é", "\u{301}x", "x\u{301}"], ["🦊", "日本"], ["tab\there"], ["a", "", "b"], ["[", "]"], ["\"", "\","],
    ]

    @Test func tagsReadBackAsTheyWereWrittenWhateverTheirCharacters() throws {
        for tags in Self.lists {
            let text = try JSONColumn.encode(tags, path: "t.sqlite", what: "tags")
            #expect(try TagsColumn.decode(text, path: "t.sqlite", feedID: 1) == tags, "\(text)")
        }
    }

    @Test func tagsTheEncoderDidNotWriteGoThroughTheJSONDecoder() throws {
        #expect(try TagsColumn.decode(#"[ "a" , "b" ]"#, path: "t.sqlite", feedID: 1) == ["a", "b"])
        #expect(throws: StoreError.self) { try TagsColumn.decode("not json", path: "t.sqlite", feedID: 1) }
    }
}
