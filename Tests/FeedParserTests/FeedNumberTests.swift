import Foundation
import Testing
@testable import FeedParser

/// The number reader every feed number goes through: only plain decimals in range are values.
@Suite struct FeedNumberTests {
    static let wholeCases: [(String?, NumberReading<Int64>)] = [
        (nil, .absent), ("", .absent), ("  ", .absent),
        ("0", .value(0)), ("42", .value(42)), (" +7 ", .value(7)), ("0000000000000000000000012", .value(12)),
        ("1000", .value(1000)), ("1001", .rejected("is above the maximum of 1000")),
        ("9223372036854775807", .rejected("is above the maximum of 1000")),
        ("9223372036854775808", .rejected("is above the maximum of 1000")),
        ("99999999999999999999999999999999999999", .rejected("is above the maximum of 1000")),
        ("-1", .rejected("is negative")), ("-9223372036854775809", .rejected("is negative")),
        ("1.5", .rejected("is not a whole number")), ("12.", .rejected("is not a whole number")),
        ("inf", .rejected("is not a number")), ("-inf", .rejected("is not a number")),
        ("infinity", .rejected("is not a number")), ("NaN", .rejected("is not a number")),
        ("1e309", .rejected("is not a number")), ("1e3", .rejected("is not a number")),
        ("0x10", .rejected("is not a number")), ("1,000", .rejected("is not a number")),
        ("١٢", .rejected("is not a number")), ("+", .rejected("is not a number")), ("-", .rejected("is not a number")),
    ]

    @Test(arguments: wholeCases.indices)
    func wholeNumbersAreReadWithARangeCheck(_ index: Int) {
        let (text, expected) = Self.wholeCases[index]
        #expect(FeedNumber.whole(text, max: 1000) == expected, "\(String(describing: text))")
    }

    static let durationCases: [(String?, NumberReading<Double>)] = [
        (nil, .absent), ("", .absent),
        ("0", .value(0)), ("3723", .value(3723)), ("1:02:03", .value(3723)), ("62:03", .value(3723)),
        ("75:30.5", .value(4530.5)), ("12.25", .value(12.25)), (".5", .value(0.5)),
        ("10:00:00", .value(36_000)), ("10:00:01", .rejected("is above the maximum of 36000 seconds")),
        ("99999999999999999999999999:00:00", .rejected("is above the maximum of 36000 seconds")),
        (String(repeating: "9", count: 400), .rejected("is above the maximum of 36000 seconds")),
        ("-30", .rejected("is negative")), ("-1:00", .rejected("is negative")),
        ("inf", .rejected("is not a number")), ("NaN", .rejected("is not a number")),
        ("1e309", .rejected("is not a number")), ("0x1p1023", .rejected("is not a number")),
        ("1:inf", .rejected("is not a duration")), ("1::2", .rejected("is not a duration")),
        ("1.5:00", .rejected("is not a duration")), ("1:2:3:4", .rejected("is not a duration")),
        ("1:-5", .rejected("is not a duration")),
    ]

    @Test(arguments: durationCases.indices)
    func durationsAreReadWithARangeCheck(_ index: Int) {
        let (text, expected) = Self.durationCases[index]
        #expect(FeedNumber.duration(text, max: 36_000) == expected, "\(String(describing: text))")
    }

    @Test func everyAcceptedDurationIsFinite() {
        for (text, _) in Self.durationCases {
            if case .value(let seconds) = FeedNumber.duration(text, max: 36_000) { #expect(seconds.isFinite) }
        }
    }
}
