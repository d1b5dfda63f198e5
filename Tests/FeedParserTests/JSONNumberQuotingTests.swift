import Foundation
import Testing
@testable import FeedParser

/// Numbers Foundation cannot hold are quoted before decoding; everything else is left as it is.
@Suite struct JSONNumberQuotingTests {
    private func quoted(_ json: String) -> String? {
        JSONNumberQuoting.quoteUnrepresentable(Data(json.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func ordinaryNumbersLeaveTheDocumentUntouched() {
        #expect(quoted(#"{"a": 12, "b": -3.5, "c": 1e3, "d": 0, "e": 123456789012345, "f": "1e400"}"#) == nil)
    }

    @Test func numbersBeyondADoubleBecomeTheirOwnText() {
        #expect(quoted(#"[1e400, -1e400, 9223372036854775808, 1.5]"#) == #"["1e400", "-1e400", "9223372036854775808", 1.5]"#)
    }

    @Test func numbersInsideStringsAreNotTouched() {
        #expect(quoted(#"{"a": "x 1e400 \" 1e400", "b": 1e400}"#) == #"{"a": "x 1e400 \" 1e400", "b": "1e400"}"#)
    }

    @Test func malformedNumbersStayMalformed() {
        #expect(quoted(#"[-, 1.2.3, 1e, --1, 01e999x]"#) == nil)
    }

    @Test func quotedDocumentsDecode() throws {
        let data = try #require(JSONNumberQuoting.quoteUnrepresentable(Data(#"{"a": [1e400, 1e-400, -0, 99999999999999999999999]}"#.utf8)))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect((object?["a"] as? [Any])?.count == 4)
    }
}
