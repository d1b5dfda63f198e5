import Foundation

extension Duration {
    /// The duration in seconds, for the `Date` arithmetic of schedules and the store.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
