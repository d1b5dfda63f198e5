/// Text from feeds, servers and hooks made safe to show on one line of a terminal or a log.
///
/// A feed title is data, yet on a terminal `ESC ] … BEL` retitles the window, `ESC [ 2 J` clears it and
/// U+202E turns the rest of the line around; in a log a line feed forges a second, made-up line. Every
/// human-readable output path shows such characters as visible escapes instead of passing them on.
extension String {
    /// This text with every character that can steer a terminal or split a line written as a visible
    /// escape: C0 controls (`\n`, `\r`, `\t`, else `\x1b`), DEL (`\x7f`), C1 controls (`\u{9b}`), the
    /// line and paragraph separators and the bidirectional embeddings, overrides and isolates
    /// (`\u{202e}`). A backslash stays as it is, so an ordinary path or pattern reads unchanged.
    public var escapedForTerminal: String {
        guard containsTerminalControls else { return self }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if TerminalEscaping.needsEscape(scalar) {
                result.append(contentsOf: TerminalEscaping.escape(scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}

extension String {
    /// True when the text holds a character `escapedForTerminal` rewrites. A byte scan settles the
    /// common case (no byte below 0x20, no DEL, no 0xC2 or 0xE2 lead byte) without decoding.
    public var containsTerminalControls: Bool {
        let candidate = utf8.withContiguousStorageIfAvailable { $0.contains(where: TerminalEscaping.mayStartControl) }
            ?? utf8.contains(where: TerminalEscaping.mayStartControl)
        return candidate && unicodeScalars.contains(where: TerminalEscaping.needsEscape)
    }
}

/// Which characters `escapedForTerminal` rewrites, and how.
public enum TerminalEscaping {
    /// True for a character a terminal or a line-based log would act on rather than show.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// True for a UTF-8 byte that is, or may begin, such a character: C0, DEL, the lead byte of
    /// U+0080–U+00BF (C1 controls) and of U+2000–U+2FFF (separators, bidi controls).
    @inline(__always)
    static func mayStartControl(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2
    }

    /// The visible form of one such character.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16)
            if scalar.value <= 0x7F { return "\\x" + (hex.count < 2 ? "0" : "") + hex }
            return "\\u{" + hex + "}"
        }
    }
}
