import Foundation
import Testing
@testable import FeedParser

/// The sanitizer's fast path resolves plain relative links itself, and hands everything it cannot
/// prove safe to the full sanitizer.
@Suite struct SafeHTMLFastPathTests {
    static let base = "https://example.org/posts/1"

    /// The full sanitizer's reading of `html`: a comment keeps the fast path out and is dropped.
    static func fullSanitizer(_ html: String, base: String?) -> String {
        let result = HTMLSanitizer.sanitize("<!-- full -->" + html, base: base)
        #expect(SafeHTMLScan.safeCopy("<!-- full -->" + html, base: base) == nil)
        return result
    }

    @Test func relativeLinksAreResolvedInPlace() {
        let html = ##"<p>See <a href="/about#team">us</a> and <img src="pic.png" alt="p"></p>"##
        #expect(SafeHTMLScan.safeCopy(html, base: Self.base)
            == ##"<p>See <a href="https://example.org/about#team">us</a> and <img src="https://example.org/posts/pic.png" alt="p"></p>"##)
    }

    @Test func relativeLinksResolveToWhatTheFullSanitizerWrites() {
        let html = ##"<p><a href="../x/y?q=1#f">a</a> <a href="//cdn.example.net/z">b</a> <a href="/wiki/Talk:Page">c</a></p>"##
        let fast = SafeHTMLScan.safeCopy(html, base: Self.base) ?? ""
        let full = Self.fullSanitizer(html, base: Self.base)
        #expect(Self.hrefs(fast) == Self.hrefs(full))
        #expect(Self.hrefs(fast) == ["https://example.org/x/y?q=1#f", "https://cdn.example.net/z",
                                     "https://example.org/wiki/Talk%3APage"])
    }

    /// The `href` values of `html`, in order.
    static func hrefs(_ html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func htmlWithOnlyAbsoluteLinksIsReturnedAsItIs() {
        let html = #"<p><a href="https://example.com/a?x=1&amp;y=2">a</a></p>"#
        #expect(SafeHTMLScan.safeCopy(html, base: nil) == html)
    }

    @Test(arguments: ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "jav&#x61;script:alert(1)", "&#106;avascript:x",
                      "\\\\evil.example/x", "data:text/html,x", "vbscript:x", "a:b", "", "x y", "caf\u{E9}"])
    func referencesThatCouldHoldASchemeGoToTheFullSanitizer(_ reference: String) {
        let html = "<a href=\"\(reference)\">x</a>"
        #expect(SafeHTMLScan.safeCopy(html, base: Self.base) == nil)
        #expect(!FeedParser.safeHTML(html, base: Self.base).lowercased().contains("script:"))
    }

    @Test func aRelativeLinkWithoutABaseGoesToTheFullSanitizer() {
        #expect(SafeHTMLScan.safeCopy(#"<a href="/about">x</a>"#, base: nil) == nil)
    }

    @Test func aBaseOfAnotherSchemeIsLeftToTheFullSanitizer() {
        let html = #"<a href="x">x</a>"#
        #expect(SafeHTMLScan.safeCopy(html, base: "javascript:alert(1)//") == nil)
        #expect(!FeedParser.safeHTML(html, base: "javascript:alert(1)//").contains("javascript"))
    }

    @Test func aResolvedURLThatNeedsEscapingIsLeftToTheFullSanitizer() {
        let html = ##"<a href="#frag">x</a>"##
        let base = "https://example.org/p?a=1&b=2"
        #expect(SafeHTMLScan.safeCopy(html, base: base) == nil)
        #expect(FeedParser.safeHTML(html, base: base) == ##"<a href="https://example.org/p?a=1&amp;b=2#frag">x</a>"##)
    }

    @Test func anUnsafeBodyWithRelativeLinksIsStillSanitizedWhole() {
        let html = #"<p><a href="/a">a</a><script>alert(1)</script></p>"#
        #expect(SafeHTMLScan.safeCopy(html, base: Self.base) == nil)
        #expect(FeedParser.safeHTML(html, base: Self.base) == #"<p><a href="https://example.org/a">a</a></p>"#)
    }

    @Test func tagNamesAreMatchedExactlyNotByPrefixOrLength() {
        for safe in ["<p>x</p>", "<pre>x</pre>", "<blockquote>x</blockquote>", "<figcaption>x</figcaption>", "<h6>x</h6>"] {
            #expect(SafeHTMLScan.safeCopy(safe, base: nil) == safe)
        }
        for unsafe in ["<pr>x</pr>", "<blockquotes>x</blockquotes>", "<h7>x</h7>", "<p>x</pre>", "<abbreviationsareverylongname>x</abbreviationsareverylongname>",
                       "<p title2=\"x\">x</p>", "<p titl=\"x\">x</p>"] {
            #expect(SafeHTMLScan.safeCopy(unsafe, base: nil) == nil, "\(unsafe)")
        }
    }

    @Test func nameKeysHoldNamesOfOneToSixteenBytes() {
        let keys: NameKeys = ["a", "abcdefghijklmnop"]
        func key(_ name: String) -> UInt128? {
            Array(name.utf8).withUnsafeBufferPointer { NameKeys.key($0, 0..<$0.count) }
        }
        #expect(key("a").map(keys.contains) == true)
        #expect(key("abcdefghijklmnop").map(keys.contains) == true)
        #expect(key("abcdefghijklmno").map(keys.contains) == false)
        #expect(key("abcdefghijklmnopq") == nil)
        #expect(key("") == nil)
    }
}
