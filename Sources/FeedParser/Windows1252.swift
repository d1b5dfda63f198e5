/// Windows-1252, the encoding of most feeds that declare ISO-8859-1 (see `CharacterEncoding.windows1252`).
enum Windows1252 {
    /// Code points of bytes 0x80–0x9F; the five bytes Windows-1252 leaves undefined map to the C1 control
    /// of the same value, as browsers do.
    static let highControls: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The code point of one Windows-1252 byte.
    static func codePoint(_ byte: UInt8) -> UInt32 {
        byte >= 0x80 && byte < 0xA0 ? highControls[Int(byte) - 0x80] : UInt32(byte)
    }

    /// `bytes` converted to UTF-8.
    static func toUTF8(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 { out.append(byte) } else { UTF8Writer.append(codePoint(byte), to: &out) }
        }
        return out
    }
}

/// UTF-16 (either byte order) to UTF-8, with U+FFFD for unpaired surrogates.
enum UTF16Transcoder {
    static func toUTF8(_ bytes: UnsafeRawBufferPointer, bigEndian: Bool) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = 0
        func unit(at i: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]) : UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i])
        }
        while index + 1 < bytes.count {
            let first = unit(at: index)
            index += 2
            if first >= 0xD800 && first < 0xDC00 {
                if index + 1 < bytes.count {
                    let second = unit(at: index)
                    if second >= 0xDC00 && second < 0xE000 {
                        index += 2
                        UTF8Writer.append(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00), to: &out)
                        continue
                    }
                }
                UTF8Writer.append(0xFFFD, to: &out)
            } else if first >= 0xDC00 && first < 0xE000 {
                UTF8Writer.append(0xFFFD, to: &out)
            } else {
                UTF8Writer.append(first, to: &out)
            }
        }
        return out
    }
}

enum UTF8Writer {
    /// Appends the UTF-8 form of `codePoint` (assumed valid) to `out`.
    @inline(__always)
    static func append(_ codePoint: UInt32, to out: inout [UInt8]) {
        switch codePoint {
        case ..<0x80:
            out.append(UInt8(codePoint))
        case ..<0x800:
            out.append(UInt8(0xC0 | codePoint >> 6))
            out.append(UInt8(0x80 | codePoint & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | codePoint >> 12))
            out.append(UInt8(0x80 | codePoint >> 6 & 0x3F))
            out.append(UInt8(0x80 | codePoint & 0x3F))
        default:
            out.append(UInt8(0xF0 | codePoint >> 18))
            out.append(UInt8(0x80 | codePoint >> 12 & 0x3F))
            out.append(UInt8(0x80 | codePoint >> 6 & 0x3F))
            out.append(UInt8(0x80 | codePoint & 0x3F))
        }
    }
}
