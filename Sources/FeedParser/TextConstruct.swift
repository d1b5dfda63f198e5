import Foundation

/// Atom text constructs (RFC 4287 §3.1): `type="text|html|xhtml"`, plus Atom 0.3's MIME types and `mode`.
struct TextConstruct {
    enum Kind { case text, html }

    var value: String
    var kind: Kind
    /// The `xml:base` in effect on the element, when the feed set one: relative links in HTML content
    /// resolve against it first, then against the item's link, then the feed's URL.
    var base: String? = nil

    /// The value as plain text: HTML markup stripped and entities decoded (for titles and summaries).
    var plainText: String? {
        kind == .text ? value.trimmedOrNil : HTMLText.plainText(value).trimmedOrNil
    }

    /// The value as plain text after sanitizing, so the text of a `<script>` or `<style>` never
    /// becomes part of a summary.
    var safePlainText: String? {
        kind == .text ? value.trimmedOrNil : HTMLText.plainText(HTMLSanitizer.sanitize(value, base: nil)).trimmedOrNil
    }
}

extension XMLReader {
    /// Reads the current element as a text construct; nil when it is empty.
    func readTextConstruct() -> TextConstruct? {
        readTextConstruct(readsNested: false) {}
    }

    /// The same, each feed element directly inside it handed to `readNested`: what recovery places
    /// inside an unclosed `<title>` is the entry's own (see `readText(readingNested:)`).
    func readTextConstruct(readingNested readNested: () -> Void) -> TextConstruct? {
        readTextConstruct(readsNested: true, readNested)
    }

    private func readTextConstruct(readsNested: Bool, _ readNested: () -> Void) -> TextConstruct? {
        let xmlBase = self.xmlBase
        let type = attribute("type")?.lowercased()
        let mode = attribute("mode")?.lowercased()     // Atom 0.3
        func content(_ contentMode: ContentMode) -> String {
            readsNested ? readContent(contentMode, readingNested: readNested) : readContent(contentMode)
        }
        let result: TextConstruct
        switch type {
        case nil, "text", "text/plain":
            if mode == "base64" { return readBase64(kind: .text) }
            result = TextConstruct(value: content(.text), kind: .text)
        case "html", "text/html":
            if mode == "base64" { return readBase64(kind: .html) }
            // Atom 0.3 `mode="xml"` (its default) carries inline markup; escaped HTML reads the same way.
            result = TextConstruct(value: content(.html), kind: .html)
        case "xhtml", "application/xhtml+xml":
            if mode == "escaped" { result = TextConstruct(value: content(.text), kind: .html) }
            else { result = TextConstruct(value: content(.xhtml), kind: .html) }
        case let other?:
            if other.hasPrefix("text/") { result = TextConstruct(value: content(.text), kind: .text) }
            else if other.hasSuffix("xml") { result = TextConstruct(value: content(.xhtml), kind: .html) }
            else { return nil }   // binary content (images, base64 media) is no text for a reader
        }
        guard let value = result.value.trimmedOrNil else { return nil }
        return TextConstruct(value: value, kind: result.kind, base: xmlBase)
    }

    private func readBase64(kind: TextConstruct.Kind) -> TextConstruct? {
        let base = xmlBase
        guard let encoded = readText(), let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters),
              let value = String(data: data, encoding: .utf8)?.trimmedOrNil else { return nil }
        return TextConstruct(value: value, kind: kind, base: base)
    }

    /// The base URI here when an `xml:base` made it differ from the document's URL, else nil.
    var xmlBase: String? {
        guard mayHaveXMLBase else { return nil }
        let here = baseURI
        return here == documentURL ? nil : here
    }

    /// The current element's content as HTML with the `xml:base` in effect (RSS `description`,
    /// `content:encoded`); nil when empty.
    func readHTMLConstruct() -> TextConstruct? {
        let base = xmlBase
        return readContent(.html).trimmedOrNil.map { TextConstruct(value: $0, kind: .html, base: base) }
    }
}

/// HTML reduced to its text, for places JSON Feed wants plain text (titles, summaries).
///
/// One pass over the UTF-8 bytes: every RSS entry's summary comes through here, and building it scalar
/// by scalar, or in a pass per step, cost more than the whole libxml2 pass over the feed.
enum HTMLText {
    /// `html` without tags (each replaced by a space), with references decoded and runs of whitespace
    /// collapsed to one space. References are read in the text between tags: an `&` whose `;` lies
    /// beyond a tag starts none.
    static func plainText(_ html: String) -> String {
        var html = html
        return html.withUTF8 { bytes in
            // Written straight into the string's storage. The text is never longer than the HTML: a tag
            // becomes one space, a reference no more bytes than it is written with (`&le;` is four bytes
            // for a three-byte character), and collapsing whitespace only shortens.
            String(unsafeUninitializedCapacity: bytes.count) { storage in
                var out = CollapsingWriter(storage)
                var inTag = false
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if inTag {
                        if byte == UInt8(ascii: ">") { inTag = false; out.append(0x20) }
                    } else if byte == UInt8(ascii: "<") {
                        inTag = true
                    } else if byte == UInt8(ascii: "&"), let (value, end) = HTMLEntities.reference(in: bytes, at: index) {
                        out.append(scalar: value)
                        index = end
                        continue
                    } else {
                        out.append(byte)
                    }
                    index += 1
                }
                return out.count
            }
        }
    }

    /// UTF-8 output into a fixed buffer that turns each run of ASCII whitespace into one space and
    /// drops leading and trailing runs.
    private struct CollapsingWriter {
        private let storage: UnsafeMutableBufferPointer<UInt8>
        private(set) var count = 0
        private var pendingSpace = false

        init(_ storage: UnsafeMutableBufferPointer<UInt8>) { self.storage = storage }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                pendingSpace = count > 0
            } else {
                if pendingSpace { put(0x20); pendingSpace = false }
                put(byte)
            }
        }

        mutating func append(scalar: Unicode.Scalar) {
            for byte in scalar.utf8 { append(byte) }
        }

        /// Never past the end (see `plainText` for why the text fits); checked all the same.
        @inline(__always)
        private mutating func put(_ byte: UInt8) {
            guard count < storage.count else { return }
            storage[count] = byte
            count += 1
        }
    }
}
