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
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "&", let end = scalars[index...].prefix(34).firstIndex(of: ";"), end > index + 1 else {
                out.append(scalar)
                index += 1
                continue
            }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            if let value = characterReference(name) ?? namedValue(name), let decoded = Unicode.Scalar(value) {
                out.append(decoded)
                index = end + 1
            } else {
                out.append(scalar)
                index += 1
            }
        }
        return String(out)
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
