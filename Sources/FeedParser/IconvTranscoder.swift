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
        let rejections = ByteRejections(encoding: name, codeUnitBytes: unit)
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
                // EILSEQ: replace one code unit, and every unit after it that is sure to fail the same
                // way, and go on after them.
                guard let failed = input else { inputLeft = 0; continue }
                let known = rejections?.rejectedRun(UnsafeRawPointer(failed).assumingMemoryBound(to: UInt8.self), count: inputLeft) ?? 0
                let units = known > 0 ? known
                    : inputLeft < unit ? 1 : 1 + identicalFailures(after: UnsafeRawPointer(failed), left: inputLeft, unit: unit)
                let skip = min(units * unit, inputLeft)
                input = failed + skip
                inputLeft -= skip
                result.replaced += units
                var pending = units
                while pending > 0 {
                    if outputLeft < replacementCharacter.count { flush() }
                    let written = min(pending, outputLeft / replacementCharacter.count)
                    appendReplacements(written, &output, &outputLeft)
                    pending -= written
                }
            }
        }
        flush()
        return result
    }

    /// Bytes iconv looks at, at most, to reject a sequence: GB18030's and UTF-32's four, an ISO-2022
    /// escape's three or four; with room to spare.
    static let decisionWindow = 16

    /// How many code units after a rejected one at `start` iconv is sure to reject too, without asking it.
    ///
    /// A rejection leaves iconv's state where it was, and depends only on that state and the next few
    /// bytes; so a unit whose following `decisionWindow` bytes are the same as those of the rejected
    /// one is rejected as well. A run of one invalid byte (or UTF-32 unit) then costs one comparison
    /// per byte instead of one iconv call per byte, which was most of the time of 16 MiB of them.
    static func identicalFailures(after start: UnsafeRawPointer, left: Int, unit: Int) -> Int {
        guard left >= unit + decisionWindow else { return 0 }
        let bytes = start.assumingMemoryBound(to: UInt8.self)
        var periodicEnd = unit   // bytes[0..<periodicEnd] repeat with period `unit`
        while periodicEnd < left, bytes[periodicEnd] == bytes[periodicEnd - unit] { periodicEnd += 1 }
        guard periodicEnd >= unit + decisionWindow else { return 0 }
        return (periodicEnd - decisionWindow) / unit
    }

    /// Writes U+FFFD at `output`; the caller made room for it.
    @inline(__always)
    private static func appendReplacement(_ output: inout UnsafeMutablePointer<CChar>?, _ outputLeft: inout Int) {
        appendReplacements(1, &output, &outputLeft)
    }

    /// Writes `count` U+FFFD at `output`; the caller made room for them.
    @inline(__always)
    private static func appendReplacements(_ count: Int, _ output: inout UnsafeMutablePointer<CChar>?, _ outputLeft: inout Int) {
        guard var target = output, outputLeft >= count * replacementCharacter.count else { return }
        for _ in 0..<count {
            target[0] = CChar(bitPattern: 0xEF)
            target[1] = CChar(bitPattern: 0xBF)
            target[2] = CChar(bitPattern: 0xBD)
            target += 3
        }
        output = target
        outputLeft -= count * replacementCharacter.count
    }

    /// U+FFFD REPLACEMENT CHARACTER in UTF-8.
    static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]
}
