import Testing
@testable import FeedParser

/// Element text becomes a `String` through feedd's own UTF-8 check; it must accept exactly what
/// the standard library accepts, wherever a sequence sits relative to the eight-byte steps.
@Suite struct UTF8ValidationTests {
    /// Every two-byte sequence, and three- and four-byte ones around each boundary that matters
    /// (overlong forms, surrogates, U+10FFFF, cut-off sequences, stray continuation bytes).
    static let sequences: [[UInt8]] = {
        var all: [[UInt8]] = []
        for first in 0x80...0xFF {
            for second in stride(from: 0x00, through: 0xFF, by: 0x0F) { all.append([UInt8(first), UInt8(second)]) }
            all.append([UInt8(first)])
        }
        for lead in 0xE0...0xEF {
            for second in [0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0] { all.append([UInt8(lead), UInt8(second), 0x80]) }
            all.append([UInt8(lead), 0xA0])
        }
        for lead in 0xF0...0xF7 {
            for second in [0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0] { all.append([UInt8(lead), UInt8(second), 0x80, 0x80]) }
            all.append([UInt8(lead), 0x90, 0x80])
        }
        return all
    }()

    @Test func acceptsExactlyWhatTheStandardLibraryAcceptsAtEveryOffset() {
        for sequence in Self.sequences {
            for prefix in 0..<10 {
                let bytes = Array(repeating: UInt8(ascii: "a"), count: prefix) + sequence + Array("bc".utf8)
                let standard = String(validating: bytes, as: UTF8.self) != nil
                let ours = bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
                #expect(ours == standard, "bytes \(sequence) after \(prefix) letters")
            }
        }
    }

    @Test func stringsMatchTheStandardLibrarysDecodingValidOrNot() {
        for sequence in Self.sequences {
            let bytes = Array("Grüße ".utf8) + sequence + Array(" aus München".utf8)
            #expect(String(utf8Bytes: bytes) == String(decoding: bytes, as: UTF8.self), "bytes \(sequence)")
        }
    }

    @Test func emptyAndAllASCIIAreValid() {
        #expect(String(utf8Bytes: [UInt8]()) == "")
        #expect(String(utf8Bytes: Array("plain ASCII text, longer than a word".utf8)) == "plain ASCII text, longer than a word")
    }
}
