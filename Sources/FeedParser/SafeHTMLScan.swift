#if canImport(Glibc)
import Glibc
#endif

/// The fast path of `HTMLSanitizer`: one pass over the bytes that proves HTML already safe, so the
/// common feed body (paragraphs, links and images) costs no HTML parse.
///
/// It accepts only a strict subset that every HTML parser reads the same way: text without `<`, and
/// lower-case tags from `tags` whose attributes are from `attributes`, double-quoted, without `<`,
/// `>` or `"` in the value, and where `href`/`src` hold no whitespace or control characters and are
/// either `http://`/`https://` URLs or plain relative references (`RelativeReference`); every
/// element closed in order, so the HTML pasted into a page cannot swallow what follows it. Anything
/// else (a comment, an upper-case tag, an unknown attribute, a link with an entity or a scheme of
/// its own) goes to the full sanitizer, which is always right, only slower.
///
/// Relative links are common (a third of article bodies in a WordPress-shaped corpus): they are
/// resolved here, in place, to the same URL the full sanitizer would write, and the copy is only
/// kept when that URL is again a plain `http(s)` one. Before this, every such body paid a libxml2
/// HTML parse and a tree walk: a third of a cold poll cycle's CPU.
enum SafeHTMLScan {
    static let tags: NameKeys = [
        "p", "br", "a", "img", "b", "i", "em", "strong", "u", "s", "ul", "ol", "li", "blockquote", "h1", "h2",
        "h3", "h4", "h5", "h6", "div", "span", "pre", "code", "figure", "figcaption", "table", "thead", "tbody",
        "tfoot", "tr", "td", "th", "hr", "sub", "sup", "small", "dl", "dt", "dd", "abbr", "cite", "q", "del",
        "ins", "mark", "caption", "center", "font", "big", "tt", "kbd", "samp", "var",
    ]
    static let attributes: NameKeys = [
        "alt", "title", "class", "width", "height", "lang", "dir", "rel", "align", "colspan", "rowspan",
        "loading", "decoding", "border", "target", "valign", "color", "size", "face",
    ]
    static let urlAttributes: NameKeys = ["href", "src"]

    /// Elements without an end tag.
    static let voidTags: NameKeys = ["br", "hr", "img"]

    /// `html` when it is in the safe subset, with its relative `href`/`src` values resolved against
    /// `base`; nil when it is not (or holds a relative link and there is no base to resolve it).
    static func safeCopy(_ html: String, base: String?) -> String? {
        var html = html
        let relative: [Range<Int>]? = html.withUTF8 { bytes in
            var relative: [Range<Int>] = []
            return scan(bytes, relative: &relative) ? relative : nil
        }
        guard let relative else { return nil }
        if relative.isEmpty { return html }
        guard let base, !base.isEmpty else { return nil }
        return html.withUTF8 { bytes in resolving(relative, in: bytes, against: base) }
    }

    /// Whether the bytes are in the safe subset; the ranges of relative URL values are appended to `relative`.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, relative: inout [Range<Int>]) -> Bool {
        var open: [UInt128] = []
        var index = 0
        while index < bytes.count {
            // Text runs are skipped with memchr: most of a feed body is text.
            guard let base = bytes.baseAddress,
                  let found = memchr(base + index, Int32(UInt8(ascii: "<")), bytes.count - index) else { break }
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard let tag = tagEnd(bytes, from: index, relative: &relative) else { return false }
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

    /// The bytes with each range of `relative` replaced by its value resolved against `base`; nil
    /// when a resolved value is not a plain `http(s)` URL that needs no escaping in an attribute.
    private static func resolving(_ relative: [Range<Int>], in bytes: UnsafeBufferPointer<UInt8>, against base: String) -> String? {
        var result = ""
        result.reserveCapacity(bytes.count + relative.count * base.utf8.count)
        var copied = 0
        for range in relative {
            let reference = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            guard let resolved = URLResolver.resolve(reference, against: base), isPlainHTTPValue(resolved) else { return nil }
            result += String(decoding: UnsafeBufferPointer(rebasing: bytes[copied..<range.lowerBound]), as: UTF8.self)
            result += resolved
            copied = range.upperBound
        }
        result += String(decoding: UnsafeBufferPointer(rebasing: bytes[copied...]), as: UTF8.self)
        return result
    }

    /// The safe tag starting at `start` (on its `<`) and the index after it, or nil when it is not one.
    private static func tagEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, relative: inout [Range<Int>])
        -> (end: Int, name: UInt128, closing: Bool, selfClosing: Bool)? {
        var index = start + 1
        let closing = index < bytes.count && bytes[index] == UInt8(ascii: "/")
        if closing { index += 1 }
        let nameStart = index
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        guard let name = NameKeys.key(bytes, nameStart..<index), tags.contains(name) else { return nil }
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
                guard let next = attributeEnd(bytes, from: index, relative: &relative) else { return nil }
                index = next
            default:
                return nil
            }
        }
        return nil
    }

    /// The index after a safe `name="value"` starting at `start`, or nil; a relative URL value's range
    /// is appended to `relative`.
    private static func attributeEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, relative: inout [Range<Int>]) -> Int? {
        var index = start
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        guard index > start, index + 1 < bytes.count, bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "\"")
        else { return nil }
        guard let name = NameKeys.key(bytes, start..<index) else { return nil }
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
        if isURL && !(hasPrefix(bytes, at: valueStart, "https://") || hasPrefix(bytes, at: valueStart, "http://")) {
            guard RelativeReference.isPlain(UnsafeBufferPointer(rebasing: bytes[valueStart..<index])) else { return nil }
            relative.append(valueStart..<index)
        }
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

    /// An absolute `http(s)` URL that can stand in a double-quoted attribute as it is: printable
    /// ASCII without quotes, angle brackets, `&` or backslash.
    static func isPlainHTTPValue(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            (hasPrefix(bytes, at: 0, "https://") || hasPrefix(bytes, at: 0, "http://"))
                && bytes.allSatisfy(RelativeReference.isPlainByte)
        }
    }
}

/// A relative reference the fast path may resolve itself: printable ASCII without `&` (an entity
/// could spell a scheme), quotes, angle brackets, backslash (browsers read it as `/`) or backtick,
/// not empty, and without a `:` before its first `/`, `?` or `#`, so it cannot have a scheme of its
/// own (`javascript:`) under any parser's reading.
enum RelativeReference {
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        var inPath = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: ":"):
                guard inPath else { return false }
            case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"):
                inPath = true
            default:
                guard isPlainByte(byte) else { return false }
            }
        }
        return true
    }

    @inline(__always)
    static func isPlainByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "\"")
            && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "`")
    }
}

/// A set of tag or attribute names, each of 1 to 16 bytes packed into one integer: the scan looks
/// a name up without building a `String` or hashing one, which cost more than the rest of the
/// fast path (7% of a whole `feedd parse`). Names hold no zero byte, so packing keeps them apart.
struct NameKeys: ExpressibleByArrayLiteral {
    private let sorted: [UInt128]

    init(arrayLiteral names: String...) {
        sorted = names.map { name in
            let bytes = Array(name.utf8)
            return bytes.withUnsafeBufferPointer { Self.key($0, 0..<bytes.count)! }
        }.sorted()
    }

    /// The key of `bytes[range]`; nil when it is empty or longer than 16 bytes.
    @inline(__always)
    static func key(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt128? {
        guard !range.isEmpty, range.count <= 16 else { return nil }
        var key: UInt128 = 0
        for index in range { key = key << 8 | UInt128(bytes[index]) }
        return key
    }

    func contains(_ key: UInt128) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == key
    }
}
