import CLibXML2
import Foundation
import FeedModel

/// Bytes of a feed in, a `Feed` out: RSS 0.90–2.0, RSS 1.0 (RDF), Atom 0.3 and 1.0, JSON Feed 1.0 and 1.1.
///
/// Pure: no I/O, no clocks, no globals that change results; the same bytes always give the same `Feed`.
public enum FeedParser {
    /// Parses `data`, detecting the format from the content (never from a URL).
    ///
    /// - Parameters:
    ///   - contentType: the HTTP `Content-Type`, whose `charset` decides the encoding of XML media types
    ///     (RFC 7303).
    ///   - baseURL: the URL the document was fetched from; relative links resolve against it after `xml:base`.
    ///   - limits: bounds on size and work, so a hostile document costs a bounded amount.
    ///   - entryObserver: when given, the items of an RSS or Atom document are finished on a second
    ///     thread while the parse reads on, and each goes to the observer there, with the index it
    ///     takes in `Feed.entries` as it then stands. An item read inside another comes before the
    ///     outer one, which is inserted ahead of it; a document read a second time in recovery mode
    ///     starts again at index 0; a JSON Feed calls no observer. An observer that sees indexes
    ///     0, 1, 2… up to `entries.count - 1` saw the returned entries, in order.
    /// - Throws: `ParseError` when no feed can be read at all; problems that still leave a feed readable
    ///   are `Feed.warnings`.
    public static func parse(_ data: Data, contentType: String? = nil, baseURL: String? = nil,
                             limits: ParseLimits = .default,
                             entryObserver: (@Sendable (_ entry: Entry, _ position: Int) -> Void)? = nil) throws(ParseError) -> Feed {
        guard data.count <= limits.maxBytes else { throw .tooLarge(bytes: data.count, limit: limits.maxBytes) }
        clibxml2_silence_generic_errors()
        switch DocumentKind.detect(data) {
        case .empty: throw .empty
        case .json: return try JSONFeedParser.parse(data, baseURL: baseURL, limits: limits).get()
        case .xml:
            return try XMLFeedParser.parse(data, contentType: contentType, baseURL: baseURL, limits: limits,
                                           observer: entryObserver).get()
        }
    }
}

extension FeedParser {
    /// `html` as the parser sanitizes `content_html`: no scripts, styles, frames, plug-ins, forms,
    /// event handlers or `javascript:` URLs, relative links resolved against `base`.
    public static func safeHTML(_ html: String, base: String?) -> String {
        HTMLSanitizer.sanitize(html, base: base)
    }
}

/// JSON or XML, from the first significant byte: `{` or `[` after an optional BOM and whitespace is JSON.
enum DocumentKind {
    case empty, json, xml

    static func detect(_ data: Data) -> DocumentKind {
        data.withUnsafeBytes { bytes in
            var index = 0
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D, 0x00: index += 1
                case UInt8(ascii: "{"), UInt8(ascii: "["): return .json
                default: return .xml
                }
            }
            return .empty
        }
    }
}
