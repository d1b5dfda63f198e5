@testable import FeedStore
import Testing

/// The byte-level reduction of ASCII URLs must give exactly what the Character-level definition
/// gives: stored `normalized_url` values were written by it, and the guid-rewrite match compares them.
struct NormalizedURLTests {
    static let urls = [
        "https://Example.COM/Path/To/", "HTTP://example.com", "http://example.com/?q=A#F", "  https://a.example/x//  ",
        "\t\r\nhttps://a.example/\r\n", "https://", "https:///", "http:/", "ftp://Host/Path", "HtTpS://HOST?x=/Y/",
        "example.com/A/", "///", "/", " ", "", "https://h#frag/", "mailto:Someone@Example.com", "https://h/a\u{7F}b/",
        "http://\u{0}x/", "\u{0B}http://x.example\u{0C}", "https://Köln.example/Straße/", "https://e\u{301}.example/",
        "\u{00A0}https://nbsp.example/\u{2028}", "https://x.example/\u{85}",
    ]

    @Test(arguments: urls)
    func normalizedURLMatchesItsCharacterDefinition(url: String) {
        #expect(ItemIdentity.normalizedURL(url) == ItemIdentity.normalizedURLByCharacters(url))
    }

    @Test func aURLOfOnlyWhitespaceHasNoNormalizedForm() {
        #expect(ItemIdentity.normalizedURL(" \t\n") == nil)
        #expect(ItemIdentity.normalizedURL(nil) == nil)
    }
}
