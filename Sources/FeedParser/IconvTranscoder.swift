#if canImport(Glibc)
import Glibc
#endif

/// Conversion of the encodings feedd does not convert itself (Shift_JIS, EUC-KR, GBK, Big5, KOI8-R,
/// TIS-620, Windows-125x, UTF-32 …) to UTF-8 with the C library's iconv, in one linear pass.
///
/// A byte iconv rejects becomes U+FFFD and the conversion goes on from the next code unit by moving
/// the input pointer, never by copying the rest of the input: a body of 16 MiB of invalid bytes
/// costs one short iconv call per byte, not a move of the remaining megabytes per byte.
enum IconvTranscoder {
    /// The converted text and how many code units were replaced.
    struct Output {
        var utf8: [UInt8]
        var replaced: Int
    }

    /// Output is gathered in chunks of this many bytes before it is appended to the result.
    static let chunkBytes = 64 << 10

    /// `bytes` in the encoding iconv knows as `name`, as UTF-8; nil when iconv knows no such encoding.
    static func toUTF8(_ bytes: UnsafeRawBufferPointer, from name: String) -> Output? {
        guard EncodingLabel.isSafeForIconv(name) else { return nil }
        let converter = iconv_open("UTF-8", name)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        let unit = EncodingLabel.codeUnitBytes(name)
        var result = Output(utf8: [], replaced: 0)
        result.utf8.reserveCapacity(bytes.count + bytes.count / 2)
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return result }
        var chunk = [CChar](repeating: 0, count: chunkBytes)
        chunk.withUnsafeMutableBufferPointer { scratch in
            var input: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: start.assumingMemoryBound(to: CChar.self))
            var inputLeft = bytes.count
            while inputLeft > 0 {
                var output: UnsafeMutablePointer<CChar>? = scratch.baseAddress
                var outputLeft = scratch.count
                let status = iconv(converter, &input, &inputLeft, &output, &outputLeft)
                let produced = scratch.count - outputLeft
                if produced > 0 {
                    result.utf8.append(contentsOf: UnsafeRawBufferPointer(start: scratch.baseAddress, count: produced))
                }
                guard status == -1 else { continue }
                switch errno {
                case E2BIG:
                    continue
                case EINVAL:
                    // A sequence cut off by the end of the body.
                    result.utf8.append(contentsOf: replacementCharacter)
                    result.replaced += 1
                    inputLeft = 0
                default:
                    // EILSEQ (or anything else): replace one code unit and go on after it.
                    let skip = min(unit, inputLeft)
                    input = input.map { $0 + skip }
                    inputLeft -= skip
                    result.utf8.append(contentsOf: replacementCharacter)
                    result.replaced += 1
                }
            }
        }
        return result
    }

    /// U+FFFD REPLACEMENT CHARACTER in UTF-8.
    static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]
}
