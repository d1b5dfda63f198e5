import Foundation

/// Numbers in a JSON Feed, read with the same range checks as the XML formats.
///
/// Foundation hands a JSON number over as an `NSNumber` whose integer accessors wrap or clamp a value
/// that does not fit (`1e400` becomes `Int64.min`), so every number is judged by its exact value first.
/// A string of digits (some feeds quote their numbers) goes through `FeedNumber`, so `"NaN"` is refused too.
enum JSONNumber {
    /// A whole number in `0...max`.
    static func whole(_ value: Any?, max: Int64) -> NumberReading<Int64> {
        switch value {
        case nil, is NSNull: return .absent
        case let text as String: return nonFinite(text) ?? FeedNumber.whole(text, max: max)
        case let number as NSNumber:
            guard !isBoolean(number) else { return .rejected("is not a number") }
            return check(number, max: Double(max), wholeOnly: true).flatMap { .value(Int64($0)) }
        default: return .rejected("is not a number")
        }
    }

    /// A non-negative number of seconds, at most `max`.
    static func seconds(_ value: Any?, max: Double) -> NumberReading<Double> {
        switch value {
        case nil, is NSNull: return .absent
        case let text as String: return nonFinite(text) ?? FeedNumber.duration(text, max: max)
        case let number as NSNumber:
            guard !isBoolean(number) else { return .rejected("is not a number") }
            return check(number, max: max, wholeOnly: false)
        default: return .rejected("is not a number")
        }
    }

    /// An item `id` written as a number: its decimal digits, never an exponent form. (Numbers a `Double`
    /// cannot hold exactly arrive as their own text, see `JSONNumberQuoting`, so distinct ids stay distinct.)
    static func identifier(_ number: NSNumber) -> NumberReading<String> {
        guard !isBoolean(number) else { return .rejected("is not a string or number") }
        let value = number.doubleValue
        guard value.isFinite else { return .rejected("is not a finite number") }
        if value == value.rounded(), abs(value) <= Double(1 << 53) { return .value(String(Int64(value))) }
        return .value(number.stringValue)
    }

    /// A refusal for a quoted number that no `Double` can hold (`"1e400"`, `"NaN"`, `"-Infinity"`).
    private static func nonFinite<Value>(_ text: String) -> NumberReading<Value>? {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), !value.isFinite else { return nil }
        return .rejected("is not a finite number")
    }

    /// The value as a finite `Double` in range, or the reason it is refused.
    private static func check(_ number: NSNumber, max: Double, wholeOnly: Bool, allowNegative: Bool = false) -> NumberReading<Double> {
        let value = number.doubleValue
        guard value.isFinite else { return .rejected("is not a finite number") }
        guard allowNegative || value >= 0 else { return .rejected("is negative") }
        guard abs(value) <= max else { return .rejected("is above the maximum of \(Int64(max))") }
        guard !wholeOnly || value == value.rounded() else { return .rejected("is not a whole number") }
        return .value(value)
    }

    /// True for JSON `true`/`false`, which Foundation also hands over as an `NSNumber`.
    static func isBoolean(_ number: NSNumber) -> Bool {
        let type = String(cString: number.objCType)
        return type == "c" || type == "B"
    }
}

extension NumberReading {
    /// The accepted value transformed; absent and refused readings pass through unchanged.
    func flatMap<Other>(_ transform: (Value) -> NumberReading<Other>) -> NumberReading<Other> {
        switch self {
        case .absent: return .absent
        case .rejected(let reason): return .rejected(reason)
        case .value(let value): return transform(value)
        }
    }
}
