import FeedStore
import Foundation

/// How long a one-shot command (`feedd fetch`, `items`, `status`, …) waits for a database server
/// that is away: a few tries over a few seconds ride out a restart, then the command fails with
/// the error instead of hanging like the daemon, which waits indefinitely (`UnavailableBackoff`).
public struct UnavailablePatience: Sendable {
    /// The waits between tries, in seconds; one more try than waits.
    public var waits: [TimeInterval]
    /// Sleeps between tries (tests record instead of sleeping).
    var sleep: @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }

    public init(waits: [TimeInterval]) {
        self.waits = waits
    }

    /// Four tries over 7 s (waits of 1, 2 and 4 s): what one-shot commands allow.
    public static let oneShot = UnavailablePatience(waits: [1, 2, 4])
    /// One try: the daemon waits with its own backoff instead.
    public static let once = UnavailablePatience(waits: [])

    /// The result of `body`, tried again after each wait while it fails with an unavailable server;
    /// any other error, or the last one, is thrown at once.
    func retrying<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        var remaining = waits[...]
        while true {
            do {
                return try body()
            } catch {
                guard error.isUnavailable, let wait = remaining.popFirst() else { throw error }
                sleep(wait)
            }
        }
    }
}
