@testable import FeedStore
import Testing

/// The search text must stay byte for byte what it was when an item was indexed (`SearchIndex`
/// removes tokens by computing it again), so the fast tag stripper is checked against the
/// original, simple one on awkward and on generated HTML.
struct TagStrippingTests {
    static let awkward = [
        "", "plain", "<p>a</p>", "a<b", "a>b", "<", ">", "<>", "&", "&amp", "&amp;&lt;&gt;&quot;&#39;&apos;&nbsp;",
        "&AMP;", "x&amp;y&unknown;z", "<script>var a = '<p>&amp;';</script>after", "<SCRIPT type=x>s</Script >t",
        "<style>p{}</style>u<STYLE>v</STYLE>w", "<script>never closed <p>text", "tail &a", "tail &amp",
        "<p>Köln &amp; 😀</p><br/>e\u{301}", "<a href=\"x>y\">z</a>", "<scripts>kept</scripts>", "<styled>k</styled>",
        "a\u{0}b<\u{0}>c", "<p>" + String(repeating: "long text &amp; more ", count: 200) + "</p>",
    ]

    @Test(arguments: awkward)
    func strippingTagsGivesTheOriginalTextForAwkwardHTML(html: String) {
        #expect(SearchText.strippingTags(html) == Self.original(html))
    }

    @Test func strippingTagsGivesTheOriginalTextForGeneratedHTML() {
        let pieces = ["<", ">", "&", ";", "amp", "lt", "nbsp", "#39", "script", "/script", "style", "/STYLE", "p", " ",
                      "ä", "😀", "text", "\"", "/", "<p>", "</p>", "&amp;", "&lt;", "<script>", "</script>"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            var html = ""
            for _ in 0..<40 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                html += pieces[Int(seed >> 33) % pieces.count]
            }
            #expect(SearchText.strippingTags(html) == Self.original(html), "\(html)")
        }
    }

    /// The stripper as first shipped, kept here as the definition of the search text.
    static func original(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var text: [UInt8] = []
        var index = 0
        var skippingUntil: [UInt8]?
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                var end = index + 1
                while end < bytes.count && bytes[end] != UInt8(ascii: ">") { end += 1 }
                let tag = bytes[(index + 1)..<end]
                if let closing = skippingUntil {
                    if hasPrefix(tag, closing) { skippingUntil = nil }
                } else if hasPrefix(tag, Array("script".utf8)) {
                    skippingUntil = Array("/script".utf8)
                } else if hasPrefix(tag, Array("style".utf8)) {
                    skippingUntil = Array("/style".utf8)
                }
                text.append(UInt8(ascii: " "))
                index = end + 1
                continue
            }
            if skippingUntil == nil {
                if byte == UInt8(ascii: "&"), let (replacement, length) = entity(in: bytes, at: index) {
                    text.append(contentsOf: replacement)
                    index += length
                    continue
                }
                text.append(byte)
            }
            index += 1
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func hasPrefix(_ tag: ArraySlice<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard tag.count >= prefix.count else { return false }
        return zip(tag, prefix).allSatisfy { ($0 | 0x20) == $1 || $0 == $1 }
    }

    private static func entity(in bytes: [UInt8], at index: Int) -> ([UInt8], Int)? {
        let entities: [(String, String)] = [("&nbsp;", " "), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""),
                                            ("&#39;", "'"), ("&apos;", "'")]
        for (name, text) in entities where bytes.count - index >= name.utf8.count {
            if bytes[index..<(index + name.utf8.count)].elementsEqual(name.utf8) { return (Array(text.utf8), name.utf8.count) }
        }
        return nil
    }
}
