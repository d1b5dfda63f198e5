import FeedModel
import Foundation
import Testing

/// The byte-level JSON writer: the same text as JSON's rules plus feedd's extra escapes, whether
/// written whole or streamed in pieces.
@Suite struct JSONTextWriterTests {
    static let sample = JSONValue.object([
        ("title", .string("München & \"Straße\" \\ ok")),
        ("html", .string("<p>Lorem ipsum</p>" + String(repeating: "ä€𝄞 plain text ", count: 200))),
        ("count", .integer(-42)),
        ("ratio", .number(0.5)),
        ("whole", .number(3)),
        ("flags", .array([.bool(true), .bool(false), .null, .array([]), .object([])])),
        ("nested", .object([("a", .array([.string("x"), .integer(1)]))])),
    ])

    @Test func everyCharacterThatMustBeEscapedIsEscapedAndNothingElse() {
        let text = "q\" b\\ n\n r\r t\t bs\u{8} ff\u{C} nul\u{0} esc\u{1B} del\u{7F} c1\u{9B} ls\u{2028} ps\u{2029} rlo\u{202E} "
            + "fsi\u{2068} pdi\u{2069} keep: é ü ß € – “ ” \u{2027} \u{202F} \u{2065} \u{206A} \u{A0} 𝄞"
        let expected = #""q\" b\\ n\n r\r t\t bs\b ff\f nul\u0000 esc\u001b del\u007f c1\u009b ls\u2028 ps\u2029 rlo\u202e "#
            + #"fsi\u2068 pdi\u2069 keep: é ü ß € – “ ” "# + "\u{2027} \u{202F} \u{2065} \u{206A} \u{A0} 𝄞\""
        #expect(JSONValue.string(text).serialized() == expected)
    }

    /// The scan jumps eight bytes at a time to the first candidate; each character is found (or
    /// kept) wherever it sits in a word, also right after another candidate.
    @Test func escapesAreFoundAtEveryOffsetWithinAWord() {
        let cases: [(String, String)] = [("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\u{1}", #"\u0001"#),
                                         ("\u{7F}", #"\u007f"#), ("\u{85}", #"\u0085"#), ("\u{2028}", #"\u2028"#),
                                         ("–", "–"), ("\u{A0}", "\u{A0}"), ("ü", "ü"), ("\"\"", #"\"\""#)]
        for (text, escaped) in cases {
            for prefix in 0..<17 {
                let padding = String(repeating: "a", count: prefix)
                let value = JSONValue.string(padding + text + "xyz" + text + padding)
                #expect(value.serialized() == "\"" + padding + escaped + "xyz" + escaped + padding + "\"", "\(escaped) after \(prefix)")
            }
        }
    }

    @Test func aLeadByteAtTheEndOfAStringIsNotReadPast() {
        // "\u{C2}" cannot end a valid string, but é (C3 A9) and Â (C3 82) near the end must not be taken apart.
        #expect(JSONValue.string("Â").serialized() == "\"Â\"")
        #expect(JSONValue.string("xâ").serialized() == "\"xâ\"")
    }

    @Test func theEscapedTextDecodesToTheOriginal() throws {
        let original = "a\u{0}b\u{1F}c\u{7F}d\u{85}e\u{2028}f\u{202A}g\u{2066}h\"i\\j"
        let bytes = Data(JSONValue.array([.string(original)]).serializedBytes())
        let decoded = try JSONSerialization.jsonObject(with: bytes) as? [String]
        #expect(decoded == [original])
    }

    @Test func prettyTextIndentsTwoSpacesPerLevelAndWritesEmptyContainersInline() {
        let value = JSONValue.object([("a", .array([.integer(1), .object([])])), ("b", .null)])
        #expect(value.serialized(pretty: true) == "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": null\n}")
        #expect(value.serialized() == #"{"a":[1,{}],"b":null}"#)
    }

    @Test func streamingInSmallPiecesGivesTheSameBytesAsWritingWhole() {
        for chunk in [1, 7, 64, 1 << 16] {
            var streamed: [UInt8] = []
            Self.sample.write(pretty: true, chunkBytes: chunk) { streamed.append(contentsOf: $0) }
            #expect(streamed == Self.sample.serializedBytes(pretty: true), "chunk \(chunk)")
        }
    }

    @Test func numbersKeepTheirFormAndNonFiniteOnesBecomeNull() {
        #expect(JSONValue.array([.number(3), .number(-0.25), .number(1e20), .number(.infinity), .number(.nan),
                                 .integer(.min)]).serialized()
                == "[3,-0.25,1e+20,null,null,-9223372036854775808]")
    }
}
