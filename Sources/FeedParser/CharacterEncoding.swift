/// The character encoding of an XML document, decided by the rules of RFC 7303 §8:
/// a byte order mark first, then the HTTP `charset` of an XML media type, then the XML declaration.
///
/// The encodings real feeds use are converted to UTF-8 here, so the repair pass and libxml2 see one
/// encoding; anything else is handed to libxml2 (iconv) by name.
enum CharacterEncoding: Equatable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    /// ISO-8859-1 and Windows-1252 alike: feeds that declare ISO-8859-1 routinely contain
    /// Windows-1252 bytes 0x80–0x9F (€, smart quotes), which ISO-8859-1 maps to invisible controls.
    case windows1252
    /// An encoding we leave to libxml2, by the name the document or the server gave.
    case other(String)

    /// Decides the encoding of `bytes`, given the HTTP `Content-Type` if there was one.
    static func detect(_ bytes: UnsafeRawBufferPointer, contentType: String?) -> CharacterEncoding {
        if let bom = byteOrderMark(bytes) { return bom.encoding }
        if let contentType, let charset = charset(inXMLContentType: contentType) {
            return named(charset, bytes: bytes)
        }
        if bytes.count >= 4 {
            // UTF-32 without a mark: `<` as one four-byte unit (XML 1.0 Appendix F.1).
            if bytes[0] == 0x3C && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0 { return .other("UTF-32LE") }
            if bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0x3C { return .other("UTF-32BE") }
            if bytes[0] == 0x3C && bytes[1] == 0 && bytes[2] == 0x3F && bytes[3] == 0 { return .utf16LittleEndian }
            if bytes[0] == 0 && bytes[1] == 0x3C && bytes[2] == 0 && bytes[3] == 0x3F { return .utf16BigEndian }
        }
        if let declared = declaredEncoding(bytes) { return named(declared, bytes: bytes) }
        return .utf8
    }

    /// The byte order mark at the start of `bytes` and its length.
    static func byteOrderMark(_ bytes: UnsafeRawBufferPointer) -> (encoding: CharacterEncoding, length: Int)? {
        // UTF-32 first: its little-endian mark begins with UTF-16's.
        if bytes.count >= 4 && bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0 { return (.other("UTF-32LE"), 4) }
        if bytes.count >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF { return (.other("UTF-32BE"), 4) }
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { return (.utf8, 3) }
        if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE { return (.utf16LittleEndian, 2) }
        if bytes.count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF { return (.utf16BigEndian, 2) }
        return nil
    }

    /// Maps an encoding label to a case; `bytes` settles "UTF-16" labels on ASCII-compatible bytes,
    /// a common mislabel that only a UTF-8 reading makes sense of.
    static func named(_ label: String, bytes: UnsafeRawBufferPointer) -> CharacterEncoding {
        let name = label.lowercased().filter { !$0.isWhitespace && $0 != "\"" && $0 != "'" }
        switch name {
        case "utf-8", "utf8", "us-ascii", "ascii", "unicode-1-1-utf-8":
            return .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "iso-ir-100",
             "windows-1252", "cp1252", "x-cp1252", "cp-1252":
            return .windows1252
        case "utf-16", "utf16", "utf-16le", "utf-16be":
            if bytes.count >= 2 && bytes[0] != 0 && bytes[1] != 0 { return .utf8 }
            if name == "utf-16be" || (bytes.count >= 1 && bytes[0] == 0) { return .utf16BigEndian }
            return .utf16LittleEndian
        case "utf-32", "utf32", "utf-32le", "utf-32be", "ucs-4":
            // Declared in an ASCII-compatible declaration the body cannot be UTF-32 (see UTF-16 above).
            if bytes.count >= 4 && bytes[1] != 0 && bytes[2] != 0 { return .utf8 }
            if name == "utf-32le" || (bytes.count >= 1 && bytes[0] != 0) { return .other("UTF-32LE") }
            return .other("UTF-32BE")
        default:
            return .other(label)
        }
    }

    /// The `charset` parameter of `contentType` when it is an XML media type (RFC 7303), else nil.
    static func charset(inXMLContentType contentType: String) -> String? {
        let parts = contentType.split(separator: ";")
        guard let mediaType = parts.first?.trimmingSpaces.lowercased(),
              mediaType == "text/xml" || mediaType == "application/xml" || mediaType.hasSuffix("+xml")
        else { return nil }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingSpaces.lowercased() == "charset" {
                let value = pair[1].trimmingSpaces.filter { $0 != "\"" }
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    /// The `encoding` pseudo-attribute of an ASCII-compatible XML declaration.
    static func declaredEncoding(_ bytes: UnsafeRawBufferPointer) -> String? {
        let head = Array(bytes.prefix(256))
        guard head.starts(with: Array("<?xml".utf8)) else { return nil }
        guard let end = head.firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = String(decoding: head[..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        guard let close = rest.firstIndex(of: quote) else { return nil }
        return String(rest[..<close])
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
