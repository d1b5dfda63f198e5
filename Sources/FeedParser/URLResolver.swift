import CLibXML2
import FeedModel

/// Resolution of relative references (RFC 3986 §5) with libxml2's `xmlBuildURI`.
enum URLResolver {
    /// `reference` made absolute against `base`; nil when `reference` is empty. When the two cannot
    /// be combined (a malformed reference), the trimmed reference is kept as the feed wrote it.
    ///
    /// `base` is only evaluated for a relative reference: looking up the `xml:base` chain costs more
    /// than the absolute links most feeds use.
    static func resolve(_ reference: String?, against base: @autoclosure () -> String?) -> String? {
        guard let reference = reference.map(withoutControlCharacters)?.trimmedOrNil else { return nil }
        if isPlainAbsolute(reference) { return reference }
        guard let base = base(), !base.isEmpty else { return reference }
        guard let built = xmlBuildURI(reference, base) else { return reference }
        defer { clibxml2_free(built) }
        return String(cString: built)
    }

    /// The reference as a URL parser reads it (WHATWG URL §4.4): tabs and line breaks removed, other
    /// control characters percent-encoded — and C1 controls, line separators and bidi overrides too, so a
    /// link can neither forge a line in a log or a header nor reorder how it is shown.
    static func withoutControlCharacters(_ reference: String) -> String {
        guard reference.containsTerminalControls else { return reference }
        var result = ""
        for scalar in reference.unicodeScalars {
            switch scalar {
            case "\t", "\n", "\r": continue
            case _ where TerminalEscaping.needsEscape(scalar):
                for byte in String(scalar).utf8 { result += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true) }
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// An `http(s)` URL without dot segments or spaces, which resolution would return unchanged.
    private static func isPlainAbsolute(_ reference: String) -> Bool {
        var reference = reference
        return reference.withUTF8 { bytes in
            guard hasPrefix(bytes, "https://") || hasPrefix(bytes, "http://") else { return false }
            var previous: UInt8 = 0
            for byte in bytes {
                if byte == UInt8(ascii: " ") || (previous == UInt8(ascii: "/") && byte == UInt8(ascii: ".")) { return false }
                previous = byte
            }
            return true
        }
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard bytes.count >= length else { return false }
        for offset in 0..<length where bytes[offset] != prefix.utf8Start[offset] { return false }
        return true
    }
}
