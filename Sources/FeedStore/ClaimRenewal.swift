import Foundation

/// Keeps a holder's claims alive while it works on them.
///
/// The renewing task is not a child of the caller: when the caller is cancelled (SIGTERM), the
/// hooks and transfers in flight still finish, and their claims must not lapse meanwhile.
public enum ClaimRenewal {
    /// Runs `body`, calling `renew` every `interval` seconds until it returns.
    public static func whileRunning<T>(every interval: TimeInterval, renew: @escaping @Sendable () -> Void,
                                                 _ body: () async -> T) async -> T {
        let nanoseconds = UInt64(max(interval, 0.05) * 1_000_000_000)
        let renewer = Task.detached {
            while !Task.isCancelled {
                guard (try? await Task.sleep(nanoseconds: nanoseconds)) != nil else { return }
                renew()
            }
        }
        defer { renewer.cancel() }
        return await body()
    }
}
