/// Encoding labels as feeds and servers write them, mapped to the names iconv converts with.
///
/// The WHATWG Encoding Standard (§4.2, "Names and labels") reads several legacy labels as their
/// Windows supersets, because that is what the documents labelled so really contain: Shift_JIS pages
/// use the Windows-31J extensions, EUC-KR the Unified Hangul Code, GB2312 the GBK/GB18030 range,
/// TIS-620 the Windows-874 punctuation, Big5 the HKSCS additions.
enum EncodingLabel {
    /// The longest label handed to iconv; real labels are at most about 25 characters.
    static let maxLabelLength = 40

    /// The iconv name for `label`: the superset the Encoding Standard reads it as, or the label itself.
    static func iconvName(_ label: String) -> String {
        let key = label.lowercased().filter { !$0.isWhitespace && $0 != "\"" && $0 != "'" }
        switch key {
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "ms932", "csshiftjis", "windows-31j", "cp932":
            return "CP932"
        case "euc-kr", "euckr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "korean",
             "windows-949", "cp949", "x-windows-949", "csksc56011987", "iso-ir-149":
            return "CP949"
        case "gb2312", "gb_2312", "gb_2312-80", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "chinese",
             "csgb2312", "euc-cn", "iso-ir-58", "gb18030":
            return "GB18030"
        case "big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5":
            return "BIG5-HKSCS"
        case "tis-620", "tis620", "iso-8859-11", "iso8859-11", "windows-874", "dos-874", "cp874":
            return "CP874"
        case "x-euc-jp", "euc-jp", "eucjp", "cseucpkdfmtjapanese":
            return "EUC-JP"
        case "x-mac-roman", "mac", "macintosh", "csmacintosh":
            return "MACINTOSH"
        case "x-mac-cyrillic", "x-mac-ukrainian":
            return "MAC-CYRILLIC"
        default:
            return key
        }
    }

    /// True when `name` is a plain encoding name: letters, digits and `-_.:` only, so no iconv option
    /// suffix (`//IGNORE`) or path-like text from a document reaches the C library.
    static func isSafeForIconv(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= maxLabelLength else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
        }
    }

    /// Bytes per code unit: a rejected unit of a fixed-width encoding is skipped whole, so the text
    /// after it stays aligned.
    static func codeUnitBytes(_ name: String) -> Int {
        let upper = name.uppercased()
        if upper.hasPrefix("UTF-32") || upper.hasPrefix("UCS-4") || upper == "UTF32" { return 4 }
        if upper.hasPrefix("UCS-2") { return 2 }
        return 1
    }
}
