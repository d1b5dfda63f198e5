/// The numbers feeds write, read with a range check so that no NaN, infinity, negative count or
/// absurd size ever leaves the parser (a later stage that multiplies or converts it must not trap).
///
/// Every reading is one of three outcomes: nothing written, an accepted value, or a value that was
/// written but refused; the parser leaves a refused field out and adds a warning naming it.
enum NumberReading<Value: Sendable & Equatable>: Sendable, Equatable {
    case absent
    case value(Value)
    /// Written but refused, with the reason as a phrase ("is negative").
    case rejected(String)

    /// The accepted value, if any.
    var accepted: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}

/// The largest values a feed may announce; anything above is refused as no real feed writes it.
enum FeedNumberLimits {
    /// 30 days in seconds: longer than any published recording or live-stream archive.
    static let maxDurationSeconds: Double = 30 * 86_400
    /// 1 TiB in bytes: larger than any file a feed attaches.
    static let maxByteCount: Int64 = 1 << 40
    /// Comments one article announces (`slash:comments`, `thr:total`, `thr:count`).
    static let maxCommentCount: Int64 = 100_000_000
    /// `<ttl>` in minutes: one year.
    static let maxTTLMinutes: Int64 = 525_600
    /// `sy:updateFrequency`, updates per `sy:updatePeriod`: one a second in a year is already absurd.
    static let maxUpdateFrequency: Int64 = 31_536_000
    /// Decimal digits read at most before a number is refused as too large (so no reading can overflow).
    static let maxDigits = 18
}

/// Reads numbers from feed text: whole numbers (`123`) and clock durations (`1:02:03.5`, `62:03`, `3723`).
///
/// Only plain decimal digits are numbers: `inf`, `nan`, `1e309`, hexadecimal floats and thousands
/// separators — all of which Swift's own `Double(_:)` or `Int(_:)` accept or trap on in some form — are
/// refused as "not a number".
enum FeedNumber {
    /// A whole number in `0...max`; `+` is allowed, white space around it is ignored, an empty text is absent.
    static func whole(_ text: String?, max: Int64) -> NumberReading<Int64> {
        guard let text = text?.trimmedOrNil else { return .absent }
        var digits = Substring(text)
        if digits.first == "+" { digits = digits.dropFirst() }
        if digits.first == "-", digits.count > 1, digits.dropFirst().allSatisfy(\.isASCIIDigit) { return .rejected("is negative") }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else {
            return decimal(digits) != nil ? .rejected("is not a whole number") : .rejected("is not a number")
        }
        let significant = digits.drop { $0 == "0" }
        guard significant.count <= FeedNumberLimits.maxDigits, let value = Int64(significant.isEmpty ? "0" : significant),
              value <= max else { return .rejected("is above the maximum of \(max)") }
        return .value(value)
    }

    /// A duration in seconds, at most `max`: `HH:MM:SS`, `MM:SS` or seconds, each part decimal digits
    /// with an optional fraction on the last (`itunes:duration`, `media:content duration`).
    static func duration(_ text: String?, max: Double) -> NumberReading<Double> {
        guard let text = text?.trimmedOrNil else { return .absent }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 3 else { return .rejected("is not a duration") }
        if parts.first?.first == "-" { return .rejected("is negative") }
        var total = 0.0
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            guard let value = isLast ? decimal(part) : decimal(part).flatMap({ $0 == $0.rounded() ? $0 : nil }) else {
                return .rejected(parts.count == 1 ? "is not a number" : "is not a duration")
            }
            total = total * 60 + value
            guard total <= max else { return .rejected("is above the maximum of \(Int64(max)) seconds") }
        }
        return .value(total)
    }

    /// A non-negative decimal (`12`, `12.5`, `.5`) as a finite `Double`, or nil. More integer digits than
    /// `FeedNumberLimits.maxDigits` give a large finite value (never infinity), which the caller's maximum refuses.
    static func decimal<Text: StringProtocol>(_ text: Text) -> Double? {
        var body = Substring(text)
        if body.first == "+" { body = body.dropFirst() }
        let pieces = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = pieces[0]
        let fraction = pieces.count > 1 ? pieces[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit) else {
            return nil
        }
        let significant = whole.drop { $0 == "0" }
        if significant.count > FeedNumberLimits.maxDigits { return 1e18 * 10 }
        let wholeValue = Double(Int64(significant.isEmpty ? "0" : significant) ?? 0)
        let fractionValue = Double("0." + fraction.prefix(FeedNumberLimits.maxDigits)) ?? 0
        return wholeValue + fractionValue
    }

    /// A description of the text for a warning: quoted, and cut to a readable length.
    static func quoted(_ text: String?) -> String {
        let text = text?.trimmedOrNil ?? ""
        return "\"" + (text.count > 40 ? text.prefix(40) + "…" : text) + "\""
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
