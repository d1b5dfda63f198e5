import FeedNotifier
import Foundation
import Testing

/// Where digest periods begin and end. Daily schedules use fixed-offset zones, which have no
/// daylight saving time, so each expectation is plain arithmetic on seconds.
struct DigestScheduleTests {
    static let utc = TimeZone(secondsFromGMT: 0)!
    static let plusTwo = TimeZone(secondsFromGMT: 2 * 3600)!
    /// 2026-12-04 00:00:00 UTC.
    static let midnight = Date(timeIntervalSince1970: 1_796_342_400)

    static func at(_ hours: Double) -> Date { midnight.addingTimeInterval(hours * 3600) }

    @Test func intervalPeriodsAreAlignedToWholeUnitsSince1970() {
        let hourly = DigestSchedule.every(seconds: 3600)
        #expect(hourly.periodStart(containing: Self.at(9.5)) == Self.at(9))
        #expect(hourly.nextBoundary(after: Self.at(9.5)) == Self.at(10))
    }

    @Test func anIntervalBoundaryStartsTheNextPeriod() {
        let hourly = DigestSchedule.every(seconds: 3600)
        #expect(hourly.periodStart(containing: Self.at(10)) == Self.at(10))
        #expect(hourly.nextBoundary(after: Self.at(10)) == Self.at(11))
    }

    @Test func dailyPeriodBeforeTheTimeStartedYesterday() {
        let daily = DigestSchedule.daily(hour: 8, minute: 0, timeZone: Self.utc)
        #expect(daily.periodStart(containing: Self.at(7.99)) == Self.at(8 - 24))
        #expect(daily.nextBoundary(after: Self.at(7.99)) == Self.at(8))
    }

    @Test func dailyPeriodFromTheTimeOnStartedToday() {
        let daily = DigestSchedule.daily(hour: 8, minute: 0, timeZone: Self.utc)
        #expect(daily.periodStart(containing: Self.at(8)) == Self.at(8))
        #expect(daily.periodStart(containing: Self.at(23.5)) == Self.at(8))
        #expect(daily.nextBoundary(after: Self.at(8)) == Self.at(32))
    }

    @Test func dailyTimeIsReadInTheGivenZone() {
        // 08:30 at UTC+2 is 06:30 UTC.
        let daily = DigestSchedule.daily(hour: 8, minute: 30, timeZone: Self.plusTwo)
        #expect(daily.periodStart(containing: Self.at(7)) == Self.at(6.5))
        #expect(daily.nextBoundary(after: Self.at(6)) == Self.at(6.5))
    }

    @Test func parseReadsDailyTimesAndRejectsMalformedOnes() {
        let none: (String) -> Duration? = { _ in nil }
        #expect(DigestSchedule.parse("daily 08:00", timeZone: Self.utc, duration: none)
                == .daily(hour: 8, minute: 0, timeZone: Self.utc))
        for bad in ["daily 8:00", "daily 24:00", "daily 08:60", "daily 0800", "daily "] {
            #expect(DigestSchedule.parse(bad, timeZone: Self.utc, duration: none) == nil, "\(bad)")
        }
    }
}
