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

    /// The character of the reference at `index` in the UTF-8 `text` (which holds an `&` there) and the
    /// index after its `;`; nil when no known reference starts there. A reference is `&`, then a
    /// character reference (`#38`, `#x26`) or an HTML entity name, then `;` at most 33 characters on;
    /// a name with non-ASCII characters or a `<` is never one.
    static func reference(in text: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        var end = index + 1
        let limit = min(text.count, index + 34)
        while end < limit, text[end] != UInt8(ascii: ";") {
            guard text[end] < 0x80, text[end] != UInt8(ascii: "<") else { return nil }
            end += 1
        }
        guard end < limit, end > index + 1 else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: text[(index + 1)..<end]), as: UTF8.self)
        guard let value = characterReference(name) ?? namedValue(name), let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, end + 1)
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
