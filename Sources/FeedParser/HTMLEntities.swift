import CLibXML2

/// The HTML 4 named entities (`&nbsp;`, `&auml;`, `&hellip;` …) that feeds use without declaring them,
/// looked up in libxml2's own table rather than a copy of it.
enum HTMLEntities {
    /// The five entities XML predefines; they never need rewriting.
    static func isXMLPredefined(_ name: UnsafeRawBufferPointer) -> Bool {
        switch name.count {
        case 2: return (name[0] == 0x6C || name[0] == 0x67) && name[1] == 0x74              // lt gt
        case 3: return name[0] == 0x61 && name[1] == 0x6D && name[2] == 0x70                 // amp
        case 4: return (name[0] == 0x71 && name[1] == 0x75 && name[2] == 0x6F && name[3] == 0x74)   // quot
                    || (name[0] == 0x61 && name[1] == 0x70 && name[2] == 0x6F && name[3] == 0x73)  // apos
        default: return false
        }
    }

    /// The code point of the HTML entity `name` (ASCII bytes, without `&` and `;`), or nil.
    static func codePoint(named name: UnsafeRawBufferPointer) -> UInt32? {
        guard name.count < 32 else { return nil }
        var buffer = [UInt8](repeating: 0, count: name.count + 1)
        for index in 0..<name.count { buffer[index] = name[index] }
        guard let entity = htmlEntityLookup(buffer) else { return nil }
        return UInt32(entity.pointee.value)
    }

    /// `text` with every character reference and HTML named entity replaced by its character;
    /// unknown names stay as written. Used where HTML turns into plain text (titles of `type="html"`).
    static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var text = text
        var out: [UInt8] = []
        text.withUTF8 { decode($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 `text` to `out` with references decoded as `decode(_:)` does. A reference is
    /// `&` then at most 32 ASCII characters up to the first `;`; a name with other characters is
    /// never one, so the scan stops at the first non-ASCII byte.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var copied = 0
        var index = 0
        while index < text.count {
            guard text[index] == UInt8(ascii: "&") else { index += 1; continue }
            var end = index + 1
            let limit = min(text.count, index + 34)
            while end < limit, text[end] != UInt8(ascii: ";"), text[end] < 0x80 { end += 1 }
            guard end < limit, text[end] == UInt8(ascii: ";"), end > index + 1 else { index += 1; continue }
            let name = String(decoding: UnsafeBufferPointer(rebasing: text[(index + 1)..<end]), as: UTF8.self)
            guard let value = characterReference(name) ?? namedValue(name), let scalar = Unicode.Scalar(value) else {
                index += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<index]))
            UTF8Writer.append(scalar.value, to: &out)
            index = end + 1
            copied = index
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied...]))
    }

    private static func characterReference(_ name: String) -> UInt32? {
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        if digits.first == "x" || digits.first == "X" { return UInt32(digits.dropFirst(), radix: 16) }
        return UInt32(digits)
    }

    private static func namedValue(_ name: String) -> UInt32? {
        let bytes = Array(name.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        return bytes.withUnsafeBytes { codePoint(named: $0) }
    }
}
