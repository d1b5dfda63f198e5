#if canImport(Glibc)
import Glibc
#endif

/// The fast path of `HTMLSanitizer`: one pass over the bytes that proves HTML already safe, so the
/// common feed body (paragraphs, links and images to absolute `http(s)` URLs) costs no HTML parse.
///
/// It accepts only a strict subset that every HTML parser reads the same way: text without `<`, and
/// lower-case tags from `tags` whose attributes are from `attributes`, double-quoted, without `<`,
/// `>` or `"` in the value, and where `href`/`src` start with `http://` or `https://` and hold no
/// whitespace or control characters; every element closed in order, so the HTML pasted into a page
/// cannot swallow what follows it. Anything else (a comment, an upper-case tag, an unknown
/// attribute, a relative link) goes to the full sanitizer, which is always right, only slower.
enum SafeHTMLScan {
    static let tags: Set<String> = [
        "p", "br", "a", "img", "b", "i", "em", "strong", "u", "s", "ul", "ol", "li", "blockquote", "h1", "h2",
        "h3", "h4", "h5", "h6", "div", "span", "pre", "code", "figure", "figcaption", "table", "thead", "tbody",
        "tfoot", "tr", "td", "th", "hr", "sub", "sup", "small", "dl", "dt", "dd", "abbr", "cite", "q", "del",
        "ins", "mark", "caption", "center", "font", "big", "tt", "kbd", "samp", "var",
    ]
    static let attributes: Set<String> = [
        "alt", "title", "class", "width", "height", "lang", "dir", "rel", "align", "colspan", "rowspan",
        "loading", "decoding", "border", "target", "valign", "color", "size", "face",
    ]
    static let urlAttributes: Set<String> = ["href", "src"]

    /// Elements without an end tag.
    static let voidTags: Set<String> = ["br", "hr", "img"]

    static func isSafe(_ html: String) -> Bool {
        var html = html
        return html.withUTF8 { bytes in
            var open: [String] = []
            var index = 0
            while index < bytes.count {
                // Text runs are skipped with memchr: most of a feed body is text.
                guard let base = bytes.baseAddress,
                      let found = memchr(base + index, Int32(UInt8(ascii: "<")), bytes.count - index) else { break }
                index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                guard let tag = tagEnd(bytes, from: index) else { return false }
                if tag.closing {
                    guard open.last == tag.name else { return false }
                    open.removeLast()
                } else if !tag.selfClosing && !voidTags.contains(tag.name) {
                    open.append(tag.name)
                }
                index = tag.end
            }
            return open.isEmpty
        }
    }

    /// The safe tag starting at `start` (on its `<`) and the index after it, or nil when it is not one.
    private static func tagEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int)
        -> (end: Int, name: String, closing: Bool, selfClosing: Bool)? {
        var index = start + 1
        let closing = index < bytes.count && bytes[index] == UInt8(ascii: "/")
        if closing { index += 1 }
        let nameStart = index
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        guard index > nameStart, tags.contains(name) else { return nil }
        if closing {
            return index < bytes.count && bytes[index] == UInt8(ascii: ">") ? (index + 1, name, true, false) : nil
        }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: ">"):
                return (index + 1, name, false, false)
            case UInt8(ascii: "/"):
                return index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ">") ? (index + 2, name, false, true) : nil
            case UInt8(ascii: " "):
                index += 1
                guard index < bytes.count, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">"),
                      bytes[index] != UInt8(ascii: " ") else { continue }
                guard let next = attributeEnd(bytes, from: index) else { return nil }
                index = next
            default:
                return nil
            }
        }
        return nil
    }

    /// The index after a safe `name="value"` starting at `start`, or nil.
    private static func attributeEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        guard index > start, index + 1 < bytes.count, bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "\"")
        else { return nil }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        let isURL = urlAttributes.contains(name)
        guard isURL || attributes.contains(name) else { return nil }
        let valueStart = index + 2
        index = valueStart
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { return nil }
            if isURL && byte <= 0x20 { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        if isURL && !(hasPrefix(bytes, at: valueStart, "https://") || hasPrefix(bytes, at: valueStart, "http://")) { return nil }
        return index + 1
    }

    @inline(__always)
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard bytes.count - start >= length else { return false }
        for offset in 0..<length where bytes[start + offset] != prefix.utf8Start[offset] { return false }
        return true
    }
}
