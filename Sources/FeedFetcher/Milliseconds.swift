/// Seconds (as configured, possibly absurd) turned into the whole numbers libcurl and the clock take,
/// without trapping: NaN, infinite, negative and huge values are clamped, never converted blindly.
enum Milliseconds {
    /// The longest timeout handed to libcurl, in milliseconds: 24 days, the most a 32-bit `long` holds.
    static let maximum = Int(Int32.max)

    /// `seconds` as milliseconds in `1...maximum`; 0 would mean "no timeout" to libcurl, so it is never returned.
    static func clamped(_ seconds: Double) -> Int {
        guard !seconds.isNaN else { return 1 }
        let milliseconds = (seconds * 1000).rounded(.up)
        if milliseconds >= Double(maximum) { return maximum }
        return max(1, Int(milliseconds))
    }

    /// `seconds` as whole seconds in `1...maximum / 1000`, for libcurl's options counted in seconds.
    static func wholeSeconds(_ seconds: Double) -> Int {
        (clamped(seconds) + 999) / 1000
    }

    /// `seconds` as a non-negative `Duration` of whole milliseconds, at most `maximum`.
    static func duration(_ seconds: Double) -> Duration {
        guard seconds.isFinite ? seconds > 0 : seconds == .infinity else { return .zero }
        return .milliseconds(clamped(seconds))
    }
}
