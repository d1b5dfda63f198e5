import FeedModel
import FeedStore
import Foundation
import Testing

/// Feed claims with leases, each owner on its own connection: one owner at a time, a lapsed
/// lease taken over, renewals and releases, and the sweep of a dead owner's claims.
@Suite struct ClaimContractTests {
    private typealias F = ContractFixture

    @Test(arguments: StoreKind.allCases)
    func oneOfTwoOwnersGetsAFeed(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed()
        let other = try fixture.secondConnection()
        let now = fixture.at(10)
        let won = try fixture.store.claimFeeds(ids: [id], owner: F.first, now: now, leaseUntil: now + 60, dueOnly: true)
        let lost = try other.claimFeeds(ids: [id], owner: F.second, now: now, leaseUntil: now + 60, dueOnly: true)
        #expect(won.map(\.id) == [id])
        #expect(lost.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func aLapsedLeaseIsTakenOver(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed()
        let other = try fixture.secondConnection()
        let now = fixture.at(10)
        _ = try fixture.store.claimFeeds(ids: [id], owner: F.first, now: now, leaseUntil: now + 60, dueOnly: false)
        let taken = try other.claimFeeds(ids: [id], owner: F.second, now: now + 60, leaseUntil: now + 120, dueOnly: false)
        #expect(taken.map(\.id) == [id])
        #expect(try fixture.store.liveClaimOwners(now: now + 61) == [F.second.label])
    }

    @Test(arguments: StoreKind.allCases)
    func aRenewedLeaseIsNotTakenOver(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed()
        let other = try fixture.secondConnection()
        let now = fixture.at(10)
        _ = try fixture.store.claimFeeds(ids: [id], owner: F.first, now: now, leaseUntil: now + 60, dueOnly: false)
        #expect(try fixture.store.renewFeedClaims(owner: F.first, leaseUntil: now + 120) == 1)
        #expect(try other.claimFeeds(ids: [id], owner: F.second, now: now + 90, leaseUntil: now + 150, dueOnly: false).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func aReleasedFeedIsFreeAtOnce(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed()
        let other = try fixture.secondConnection()
        let now = fixture.at(10)
        _ = try fixture.store.claimFeeds(ids: [id], owner: F.first, now: now, leaseUntil: now + 60, dueOnly: false)
        try fixture.store.releaseFeeds(ids: [id], owner: F.first)
        #expect(try other.claimFeeds(ids: [id], owner: F.second, now: now + 1, leaseUntil: now + 61, dueOnly: false).map(\.id) == [id])
    }

    @Test(arguments: StoreKind.allCases)
    func aFeedNoLongerDueIsNotClaimedWithDueOnly(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed()
        try fixture.store.recordNotModified(feedID: id, at: fixture.at(0), nextPollAt: fixture.at(600))
        #expect(try fixture.store.claimFeeds(ids: [id], owner: F.first, now: fixture.at(10), leaseUntil: fixture.at(70),
                                             dueOnly: true).isEmpty)
        #expect(try fixture.store.claimFeeds(ids: [id], owner: F.first, now: fixture.at(10), leaseUntil: fixture.at(70),
                                             dueOnly: false).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func anotherOwnersLiveClaimPushesTheNextPollDateToItsLease(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed()
        _ = try fixture.store.claimFeeds(ids: [id], owner: F.first, now: fixture.at(0), leaseUntil: fixture.at(60), dueOnly: false)
        #expect(try fixture.store.nextPollDate(recheckingClaimsAt: .distantFuture) == fixture.at(60))
    }

    /// A holder that ends early sets the next poll itself; the caller looks again at `recheck`.
    @Test(arguments: StoreKind.allCases)
    func anotherOwnersClaimCountsFromTheRecheckWhenThatComesFirst(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed()
        _ = try fixture.store.claimFeeds(ids: [id], owner: F.first, now: fixture.at(0), leaseUntil: fixture.at(60), dueOnly: false)
        #expect(try fixture.store.nextPollDate(recheckingClaimsAt: fixture.at(5)) == fixture.at(5))
        try fixture.store.recordNotModified(feedID: id, at: fixture.at(1), nextPollAt: fixture.at(600))
        #expect(try fixture.store.nextPollDate(recheckingClaimsAt: fixture.at(5)) == fixture.at(600))
    }

    @Test(arguments: StoreKind.allCases)
    func lapsingADeadOwnersClaimsFreesFeedsAndDeliveries(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        try fixture.ingest(id, [F.article(1)])
        let now = fixture.at(100)
        _ = try fixture.store.claimFeeds(ids: [id], owner: F.first, now: now, leaseUntil: now + 600, dueOnly: false)
        _ = try fixture.store.claimDeliveries(owner: F.first, now: now, leaseUntil: now + 600, limit: 10)
        #expect(try fixture.store.liveClaimOwners(now: now) == [F.first.label])
        #expect(try fixture.store.lapseClaims(owner: F.first.label, at: now) == 3)
        #expect(try fixture.store.liveClaimOwners(now: now).isEmpty)
        #expect(try fixture.store.claimDeliveries(owner: F.second, now: now, leaseUntil: now + 60, limit: 10).count == 2)
    }
}
