/// What may be put on the wire as a header field. A CR or LF in a value ends the header line and
/// lets the rest be read as further headers (or a second request); NUL and the other control
/// characters are refused by servers or cut the value short.
enum HeaderText {
    /// True when `value` has no control character other than horizontal tab (RFC 9110 §5.5).
    static func isSafeValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }

    /// True when `name` is a non-empty token (RFC 9110 §5.6.2): no space, colon or control character.
    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !Self.separators.contains(byte)
        }
    }

    /// `text` with every control character (C0, DEL and C1) written as a `\u{…}` escape.
    static func escapingControlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                escaped += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static let separators: Set<UInt8> = Set("\"(),/:;<=>?@[\\]{}".utf8)
}
