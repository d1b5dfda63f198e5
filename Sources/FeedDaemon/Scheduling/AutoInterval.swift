import Foundation

/// The interval of `interval = "auto"`: a fraction of the median gap between a feed's recent items,
/// so a news site that publishes every twenty minutes is polled every five, and a blog that writes
/// once a month is polled at `max_interval`. The median, not the mean, so one burst of posts or one
/// long holiday does not swing the schedule.
public enum AutoInterval {
    /// The share of the median gap between items that is polled.
    public static let fractionOfGap = 0.25
    /// How many of the newest items are looked at.
    public static let sampleSize = 20
    /// The fewest distinct item dates that give an estimate; with fewer, the daemon's interval holds.
    public static let minimumDates = 3

    /// The interval for a feed whose newest items have these dates, or nil when they are too few
    /// (or all the same moment, as a feed without dates stored at one fetch) to tell.
    public static func interval(itemDates: [Date]) -> TimeInterval? {
        let sorted = itemDates.filter { $0.timeIntervalSince1970.isFinite }.sorted(by: >).prefix(sampleSize)
        let gaps = zip(sorted, sorted.dropFirst()).map { $0.timeIntervalSince($1) }.filter { $0 > 0 }
        guard gaps.count >= minimumDates - 1 else { return nil }
        let ordered = gaps.sorted()
        let middle = ordered.count / 2
        let median = ordered.count % 2 == 1 ? ordered[middle] : (ordered[middle - 1] + ordered[middle]) / 2
        return median * fractionOfGap
    }
}
