import Foundation

/// RFC 2047 encoded words: how a header that must be ASCII carries UTF-8 text
/// (`=?UTF-8?B?…?=`). E-mail subjects need them, and ntfy decodes them in its `Title` header.
public enum EncodedWord {
    /// The longest encoded word RFC 2047 §2 allows, in characters.
    public static let maxWordLength = 75

    /// `text` as is when it is printable ASCII, else as encoded words of at most `maxWordLength`
    /// characters each, split between characters (never inside one), joined by `separator`
    /// (a space on one line; CRLF and a space to fold a mail header). `wordLength` is lowered
    /// where a header's name shares the first line, which RFC 2047 §2 keeps to 76 characters.
    public static func encode(_ text: String, separator: String = " ", wordLength: Int = maxWordLength) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !text.contains("=?") {
            return text
        }
        let prefix = "=?UTF-8?B?", suffix = "?="
        // Base64 turns 3 bytes into 4 characters.
        let maxBytes = max(1, (min(wordLength, maxWordLength) - prefix.count - suffix.count) / 4) * 3
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > maxBytes {
                words.append(prefix + Data(chunk).base64EncodedString() + suffix)
                chunk = []
            }
            chunk += bytes.prefix(maxBytes)
        }
        if !chunk.isEmpty { words.append(prefix + Data(chunk).base64EncodedString() + suffix) }
        return words.joined(separator: separator)
    }
}
