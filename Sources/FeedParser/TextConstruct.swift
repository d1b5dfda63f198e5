import Foundation

/// Atom text constructs (RFC 4287 §3.1): `type="text|html|xhtml"`, plus Atom 0.3's MIME types and `mode`.
struct TextConstruct {
    enum Kind { case text, html }

    var value: String
    var kind: Kind

    /// The value as plain text: HTML markup stripped and entities decoded (for titles and summaries).
    var plainText: String? {
        kind == .text ? value.trimmedOrNil : HTMLText.plainText(value).trimmedOrNil
    }
}

extension XMLReader {
    /// Reads the current element as a text construct; nil when it is empty.
    func readTextConstruct() -> TextConstruct? {
        let type = attribute("type")?.lowercased()
        let mode = attribute("mode")?.lowercased()     // Atom 0.3
        let result: TextConstruct
        switch type {
        case nil, "text", "text/plain":
            if mode == "base64" { return readBase64(kind: .text) }
            result = TextConstruct(value: readContent(.text), kind: .text)
        case "html", "text/html":
            if mode == "base64" { return readBase64(kind: .html) }
            // Atom 0.3 `mode="xml"` (its default) carries inline markup; escaped HTML reads the same way.
            result = TextConstruct(value: readContent(.html), kind: .html)
        case "xhtml", "application/xhtml+xml":
            if mode == "escaped" { result = TextConstruct(value: readContent(.text), kind: .html) }
            else { result = TextConstruct(value: readContent(.xhtml), kind: .html) }
        case let other?:
            if other.hasPrefix("text/") { result = TextConstruct(value: readContent(.text), kind: .text) }
            else if other.hasSuffix("xml") { result = TextConstruct(value: readContent(.xhtml), kind: .html) }
            else { return nil }   // binary content (images, base64 media) is no text for a reader
        }
        guard let value = result.value.trimmedOrNil else { return nil }
        return TextConstruct(value: value, kind: result.kind)
    }

    private func readBase64(kind: TextConstruct.Kind) -> TextConstruct? {
        guard let encoded = readText(), let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters),
              let value = String(data: data, encoding: .utf8)?.trimmedOrNil else { return nil }
        return TextConstruct(value: value, kind: kind)
    }
}

/// HTML reduced to its text, for places JSON Feed wants plain text (titles, summaries).
///
/// Works on the UTF-8 bytes: every entry's summary goes through here, and building it scalar by
/// scalar cost more than the whole libxml2 pass over the feed.
enum HTMLText {
    /// `html` without tags, with entities decoded and runs of whitespace collapsed to one space.
    static func plainText(_ html: String) -> String {
        var html = html
        return html.withUTF8 { bytes in
            guard bytes.contains(UInt8(ascii: "<")) || bytes.contains(UInt8(ascii: "&")) else {
                return collapseWhitespace(bytes)
            }
            // Tags first, each replaced by a space; then references in what is left.
            var text: [UInt8] = []
            text.reserveCapacity(bytes.count)
            var inTag = false
            for byte in bytes {
                if inTag {
                    if byte == UInt8(ascii: ">") { inTag = false; text.append(0x20) }
                } else if byte == UInt8(ascii: "<") {
                    inTag = true
                } else {
                    text.append(byte)
                }
            }
            var decoded: [UInt8] = []
            decoded.reserveCapacity(text.count)
            text.withUnsafeBufferPointer { HTMLEntities.decode($0, into: &decoded) }
            return decoded.withUnsafeBufferPointer { collapseWhitespace($0) }
        }
    }

    /// Runs of ASCII whitespace become one space; leading and trailing runs go. (No-break spaces stay:
    /// they are deliberate.)
    static func collapseWhitespace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { collapseWhitespace($0) }
    }

    static func collapseWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
