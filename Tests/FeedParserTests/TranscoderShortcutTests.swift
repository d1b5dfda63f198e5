#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import FeedParser

/// The transcoder's shortcuts over rejected bytes (a repeated run, bytes and pairs rejected in any
/// state) must give exactly what asking iconv about every byte gives: the same text, the same count.
@Suite struct TranscoderShortcutTests {
    /// The plain algorithm the shortcuts stand in for: on each rejection, one U+FFFD and one code unit on.
    static func perByteReference(_ bytes: [UInt8], from name: String) -> (utf8: [UInt8], replaced: Int)? {
        let converter = iconv_open("UTF-8", name)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        let unit = EncodingLabel.codeUnitBytes(name)
        var output: [UInt8] = []
        var replaced = 0
        var source = bytes.map { CChar(bitPattern: $0) }
        var target = [CChar](repeating: 0, count: 64)
        source.withUnsafeMutableBufferPointer { sourceBuffer in
            var input = sourceBuffer.baseAddress
            var inputLeft = sourceBuffer.count
            while inputLeft > 0 {
                let (status, code, written) = target.withUnsafeMutableBufferPointer { targetBuffer in
                    var out = targetBuffer.baseAddress
                    var outLeft = targetBuffer.count
                    let status = iconv(converter, &input, &inputLeft, &out, &outLeft)
                    return (status, errno, targetBuffer.count - outLeft)
                }
                output += target[0..<written].map { UInt8(bitPattern: $0) }
                guard status == -1, code != E2BIG else { continue }
                output += [0xEF, 0xBF, 0xBD]
                replaced += 1
                if code == EINVAL { inputLeft = 0; continue }
                let skip = min(unit, inputLeft)
                input = input.map { $0 + skip }
                inputLeft -= skip
            }
        }
        return (output, replaced)
    }

    /// Bytes for one charset: text, high bytes, long runs of one byte and (for ISO-2022-JP) shifts,
    /// from a fixed seed so a failure is reproducible.
    static func samples(seed: UInt64, count: Int) -> [[UInt8]] {
        var state = seed
        func next() -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % 1_000_003)
        }
        let pieces: [[UInt8]] = [Array("ab<".utf8), [0x1B, 0x24, 0x42], [0x1B, 0x28, 0x42], [0x30, 0x21], [0x8E], [0xA4, 0xA2]]
        return (0..<count).map { _ in
            var bytes: [UInt8] = []
            for _ in 0..<(next() % 12) {
                switch next() % 4 {
                case 0: bytes += [UInt8](repeating: UInt8(0x80 + next() % 128), count: 1 + next() % 60)
                case 1: bytes += (0..<(1 + next() % 8)).map { _ in UInt8(0x80 + next() % 128) }
                case 2: bytes += pieces[next() % pieces.count]
                default: bytes += [UInt8(next() % 256)]
                }
            }
            return bytes
        }
    }

    @Test(arguments: ["CP932", "EUC-JP", "CP949", "GB18030", "BIG5-HKSCS", "CP874", "windows-1250", "windows-1255",
                      "windows-1258", "KOI8-R", "ISO-2022-JP", "UTF-32LE"])
    func shortcutsGiveWhatAskingIconvPerByteGives(charset: String) throws {
        for (index, bytes) in Self.samples(seed: 0x9E37_79B9 &+ UInt64(charset.utf8.count), count: 400).enumerated() {
            let expected = try #require(Self.perByteReference(bytes, from: charset))
            let actual = try #require(bytes.withUnsafeBytes { IconvTranscoder.toUTF8($0, from: charset) })
            #expect(actual.utf8 == expected.utf8, "sample \(index): \(bytes.map { String($0, radix: 16) })")
            #expect(actual.replaced == expected.replaced, "sample \(index)")
            if actual.utf8 != expected.utf8 { break }
        }
    }
}
