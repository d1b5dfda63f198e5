import CLibXML2

/// Conversion of the encodings feedd does not convert itself (KOI8-R, ISO-8859-15, Shift_JIS …)
/// to UTF-8 with libxml2's converters.
enum LibXML2Transcoder {
    /// `bytes` in `encoding` as UTF-8, with U+FFFD for bytes the converter rejects; nil when libxml2
    /// knows no converter for `encoding`.
    static func toUTF8(_ bytes: UnsafeRawBufferPointer, from encoding: String) -> [UInt8]? {
        guard let handler = xmlFindCharEncodingHandler(encoding) else { return nil }
        defer { xmlCharEncCloseFunc(handler) }
        guard let input = xmlBufferCreate(), let output = xmlBufferCreate() else { return nil }
        defer {
            xmlBufferFree(input)
            xmlBufferFree(output)
        }
        if let base = bytes.baseAddress {
            xmlBufferAdd(input, base.assumingMemoryBound(to: xmlChar.self), Int32(clamping: bytes.count))
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        // Each round converts up to the next bad byte and skips it, so the loop ends within bytes.count rounds.
        for _ in 0...bytes.count {
            let before = xmlBufferLength(input)
            let status = xmlCharEncInFunc(handler, output, input)
            if let content = xmlBufferContent(output) {
                result.append(contentsOf: UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(output))))
            }
            xmlBufferEmpty(output)
            guard xmlBufferLength(input) > 0 else { break }
            if status == -2 {
                xmlBufferShrink(input, 1)
                result.append(contentsOf: [0xEF, 0xBF, 0xBD])
            } else if status < 0 || xmlBufferLength(input) == before {
                result.append(contentsOf: [0xEF, 0xBF, 0xBD])   // a truncated sequence at the end
                break
            }
        }
        return result
    }
}
