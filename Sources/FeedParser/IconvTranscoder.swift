#if canImport(Glibc)
import Glibc
#endif

/// Conversion of the encodings feedd does not convert itself (Shift_JIS, EUC-KR, GBK, Big5, KOI8-R,
/// TIS-620, Windows-125x, UTF-32 …) to UTF-8 with the C library's iconv, in one linear pass.
///
/// A code unit iconv rejects becomes U+FFFD and the conversion goes on after it by moving the input
/// pointer, never by copying the rest of the input: a body of 16 MiB of invalid bytes costs one short
/// iconv call per byte, not a move of the remaining megabytes per byte.
enum IconvTranscoder {
    /// The converted text and how many code units were replaced.
    struct Output {
        var utf8: [UInt8]
        var replaced: Int
    }

    /// Output is gathered in a buffer of this many bytes before it is appended to the result.
    static let chunkBytes = 64 << 10

    /// `bytes` in the encoding iconv knows as `name`, as UTF-8; nil when iconv knows no such encoding.
    static func toUTF8(_ bytes: UnsafeRawBufferPointer, from name: String) -> Output? {
        guard EncodingLabel.isSafeForIconv(name) else { return nil }
        let converter = iconv_open("UTF-8", name)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var result = Output(utf8: [], replaced: 0)
        result.utf8.reserveCapacity(bytes.count + bytes.count / 2)
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return result }
        let unit = EncodingLabel.codeUnitBytes(name)
        let scratch = UnsafeMutablePointer<CChar>.allocate(capacity: chunkBytes)
        defer { scratch.deallocate() }
        var input: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: start.assumingMemoryBound(to: CChar.self))
        var inputLeft = bytes.count
        var output: UnsafeMutablePointer<CChar>? = scratch
        var outputLeft = chunkBytes
        /// Moves what the buffer holds into the result.
        func flush() {
            result.utf8.append(contentsOf: UnsafeRawBufferPointer(start: scratch, count: chunkBytes - outputLeft))
            output = scratch
            outputLeft = chunkBytes
        }
        while inputLeft > 0 {
            if outputLeft < replacementCharacter.count { flush() }
            let status = iconv(converter, &input, &inputLeft, &output, &outputLeft)
            guard status == -1 else { continue }
            switch errno {
            case E2BIG:
                flush()
            case EINVAL:
                // A sequence cut off by the end of the body.
                appendReplacement(&output, &outputLeft)
                result.replaced += 1
                inputLeft = 0
            default:
                // EILSEQ: replace one code unit and go on after it.
                let skip = min(unit, inputLeft)
                input = input.map { $0 + skip }
                inputLeft -= skip
                appendReplacement(&output, &outputLeft)
                result.replaced += 1
            }
        }
        flush()
        return result
    }

    /// Writes U+FFFD at `output`; the caller made room for it.
    @inline(__always)
    private static func appendReplacement(_ output: inout UnsafeMutablePointer<CChar>?, _ outputLeft: inout Int) {
        guard let target = output, outputLeft >= replacementCharacter.count else { return }
        target[0] = CChar(bitPattern: 0xEF)
        target[1] = CChar(bitPattern: 0xBF)
        target[2] = CChar(bitPattern: 0xBD)
        output = target + 3
        outputLeft -= 3
    }

    /// U+FFFD REPLACEMENT CHARACTER in UTF-8.
    static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]
}
