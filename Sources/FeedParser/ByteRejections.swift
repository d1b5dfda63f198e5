#if canImport(Glibc)
import Glibc
#endif

/// The bytes, and the two-byte beginnings, that an encoding rejects whatever follows them and in
/// whatever state the converter is: bytes no character starts with (0xFF in Shift_JIS, 0x81 in
/// Windows-1250, any byte above 0x7F in ISO-2022-JP) and lead bytes before a byte that cannot follow
/// them (EUC-JP's 0x8E before 0xFF).
///
/// A body of such bytes in no particular order cannot be skipped as one repeated run
/// (`IconvTranscoder.identicalFailures`); asking iconv once per byte cost 0.3–0.5 s per 16 MiB, as
/// much as the whole rest of the parse. Asking a fresh converter about each byte value (and pair)
/// once, and looking the answer up for every later one, costs next to nothing per byte.
///
/// Input iconv rejects at its first byte when that input is all it has was rejected for what it
/// holds, not for what would follow, which iconv would have waited for (`EINVAL`). That a shift state
/// (ISO-2022-JP's JIS X 0208 mode) or a buffered character (Windows-1258 and Big5-HKSCS combine
/// characters) changes no such answer was checked against glibc for every byte pair of the encodings
/// `EncodingLabel` maps to; the encodings whose states give bytes their meaning (UTF-7, HZ,
/// ISO-2022-KR/-CN) are left out.
final class ByteRejections {
    private let name: String
    private var converter: iconv_t? = nil
    private var opened = false
    /// Per byte value: 0 not asked yet, 1 rejected alone, 2 not.
    private var single = [UInt8](repeating: 0, count: 256)
    /// Per pair (first byte × 256 + second): the same; allocated at the first question about a pair.
    private var pairs: [UInt8] = []

    /// Families where a state gives bytes their meaning, so no rejection holds in every state.
    static let statefulFamilies = ["UTF-7", "UTF7", "HZ", "2022-KR", "2022KR", "2022-CN", "2022CN"]

    /// Nil for encodings of wider code units or in a stateful family: there the answer is not per byte.
    init?(encoding name: String, codeUnitBytes: Int) {
        let upper = name.uppercased()
        guard codeUnitBytes == 1, !Self.statefulFamilies.contains(where: { upper.contains($0) }) else { return nil }
        self.name = name
    }

    deinit {
        if let converter { iconv_close(converter) }
    }

    /// How many bytes from the start of `bytes` (`count` of them) iconv is sure to reject one after the
    /// other, each for itself or for the byte after it.
    func rejectedRun(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int {
        var index = 0
        while index < count {
            let byte = bytes[index]
            if rejects(byte) || (index + 1 < count && rejects(byte, before: bytes[index + 1])) {
                index += 1
            } else {
                break
            }
        }
        return index
    }

    @inline(__always)
    private func rejects(_ byte: UInt8) -> Bool {
        let verdict = single[Int(byte)]
        if verdict != 0 { return verdict == 1 }
        let rejected = ask([byte])
        single[Int(byte)] = rejected ? 1 : 2
        return rejected
    }

    @inline(__always)
    private func rejects(_ byte: UInt8, before next: UInt8) -> Bool {
        if pairs.isEmpty { pairs = [UInt8](repeating: 0, count: 1 << 16) }
        let key = Int(byte) << 8 | Int(next)
        let verdict = pairs[key]
        if verdict != 0 { return verdict == 1 }
        let rejected = ask([byte, next])
        pairs[key] = rejected ? 1 : 2
        return rejected
    }

    /// True when a converter in its initial state rejects `input` at its first byte.
    private func ask(_ input: [UInt8]) -> Bool {
        if !opened {
            opened = true
            let opened = iconv_open("UTF-8", name)
            if let opened, opened != iconv_t(bitPattern: -1) { converter = opened }
        }
        guard let converter else { return false }
        iconv(converter, nil, nil, nil, nil)   // back to the initial state
        var source = input.map { CChar(bitPattern: $0) }
        var target = [CChar](repeating: 0, count: 16)
        return source.withUnsafeMutableBufferPointer { sourceBuffer in
            target.withUnsafeMutableBufferPointer { targetBuffer in
                var inputPointer = sourceBuffer.baseAddress
                var inputLeft = sourceBuffer.count
                var outputPointer = targetBuffer.baseAddress
                var outputLeft = targetBuffer.count
                let status = iconv(converter, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                return status == -1 && errno == EILSEQ && inputLeft == sourceBuffer.count
            }
        }
    }
}
