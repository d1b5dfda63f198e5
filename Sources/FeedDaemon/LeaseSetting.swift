import FeedStore
import Foundation

/// The claim lease from the environment: `FEEDD_LEASE_SECONDS`, whole seconds within
/// `ClaimPolicy.leaseRange`. Meant for tests of a takeover, which should not wait a minute; a
/// value that is no whole number in range is ignored and the default (60 s) holds.
enum LeaseSetting {
    static let variable = "FEEDD_LEASE_SECONDS"

    static func policy(environment: [String: String] = ProcessInfo.processInfo.environment) -> ClaimPolicy {
        guard let seconds = EnvironmentSeconds.value(variable, in: ClaimPolicy.leaseRange, environment: environment) else {
            return ClaimPolicy()
        }
        return ClaimPolicy(lease: seconds)
    }
}
