/// Byte sizes in the config: `16MiB`, `512KiB`, `1GiB`, `10MB` (powers of 1000), `100B`, or an
/// integer number of bytes.
public enum ConfigByteSize {
    static let hint = "(use 16MiB, 512KiB, 1GiB or a number of bytes)"

    private static let units: [String: Int] = [
        "": 1, "B": 1,
        "K": 1 << 10, "KiB": 1 << 10, "KB": 1000,
        "M": 1 << 20, "MiB": 1 << 20, "MB": 1_000_000,
        "G": 1 << 30, "GiB": 1 << 30, "GB": 1_000_000_000,
    ]

    /// Parses `"16MiB"` and the like into bytes; `nil` for anything else, and for a number too
    /// large for 64 bits.
    public static func parse(_ text: String) -> Int? {
        guard let (digits, unit) = split(text), let number = Int(digits) else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: unit)
        return overflow ? nil : bytes
    }

    /// Whether `text` has the shape of a size, whatever its magnitude: tells "too large" from "not a size".
    static func isWellFormed(_ text: String) -> Bool {
        split(text) != nil
    }

    /// ASCII digits, an optional space and a known unit (or none): the digits and the unit's bytes.
    private static func split(_ text: String) -> (digits: Substring, unit: Int)? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        var rest = text[digits.endIndex...]
        if rest.first == " " { rest = rest.dropFirst() }
        guard let unit = units[String(rest)] else { return nil }
        return (digits, unit)
    }

    /// The shortest exact spelling of `bytes` in binary units: `16MiB`, `1GiB`, `1000B`.
    public static func format(_ bytes: Int) -> String {
        for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where bytes != 0 && bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return "\(bytes)B"
    }
}
