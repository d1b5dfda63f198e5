import Foundation

/// A claim as stored: who holds a feed's refresh or a delivery, and until when unless renewed.
public struct Claim: Sendable, Hashable {
    /// The holder's `ClaimOwner.label`.
    public var owner: String
    public var leaseUntil: Date

    public init(owner: String, leaseUntil: Date) {
        self.owner = owner
        self.leaseUntil = leaseUntil
    }

    /// Whether the claim still holds at `now`; a lapsed one is free for any process to take.
    public func isLive(at now: Date) -> Bool { leaseUntil > now }
}
