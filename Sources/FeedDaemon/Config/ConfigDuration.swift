/// Durations in the config: `30s`, `15m`, `2h`, `7d`, `1w`, combined as in `1h30m`, or an
/// integer number of seconds.
public enum ConfigDuration {
    /// The hint every duration error ends with.
    static let hint = "(use 30s, 15m, 2h, 7d)"

    private static let unitSeconds: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// Parses `"1h30m"` and the like; `nil` for anything else (including an empty string).
    public static func parse(_ text: String) -> Duration? {
        guard isWellFormed(text) else { return nil }
        var total: Int64 = 0
        var number: Int64 = 0
        for character in text {
            if let digit = character.wholeNumberValue {
                let (shifted, overflow1) = number.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = shifted.addingReportingOverflow(Int64(digit))
                guard !overflow1, !overflow2 else { return nil }
                number = next
            } else if let unit = unitSeconds[character] {
                let (part, overflow1) = number.multipliedReportingOverflow(by: unit)
                let (sum, overflow2) = total.addingReportingOverflow(part)
                guard !overflow1, !overflow2 else { return nil }
                total = sum
                number = 0
            }
        }
        return .seconds(total)
    }

    /// Whether `text` is one or more `<digits><unit>` groups.
    ///
    /// ASCII text (every config as written) is checked byte by byte: a config with thousands of
    /// feeds has thousands of durations, and the regex cost more per feed than the rest of its table.
    /// Other text is checked by `Character`, where any Unicode decimal digit counts, as `parse`
    /// reads it. (It was a regex; its metadata, fetched on every call, kept the regex engine's code
    /// resident in the daemon.)
    static func isWellFormed(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return isWellFormed(characters: text) }
        var digitsBefore = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digitsBefore += 1
            case UInt8(ascii: "s"), UInt8(ascii: "m"), UInt8(ascii: "h"), UInt8(ascii: "d"), UInt8(ascii: "w"):
                guard digitsBefore > 0 else { return false }
                digitsBefore = 0
            default:
                return false
            }
        }
        return !bytes.isEmpty && digitsBefore == 0
    }

    private static func isWellFormed(characters text: String) -> Bool {
        var digitsBefore = 0
        for character in text {
            if character.unicodeScalars.count == 1, character.unicodeScalars.first?.properties.numericType == .decimal {
                digitsBefore += 1
            } else if unitSeconds[character] != nil, digitsBefore > 0 {
                digitsBefore = 0
            } else {
                return false
            }
        }
        return !text.isEmpty && digitsBefore == 0
    }

    /// The shortest config spelling of `duration` in whole seconds: `1h30m`, `7d`, `0s`.
    public static func format(_ duration: Duration) -> String {
        var seconds = duration.components.seconds
        guard seconds > 0 else { return "0s" }
        var text = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where seconds >= size {
            text += "\(seconds / size)\(unit)"
            seconds %= size
        }
        return text
    }
}
