import FeedModel
import FeedStore
import Foundation
import Testing

/// Claims with leases, each process on its own connection to one file: a delivery or a feed's
/// refresh is held by one owner at a time, a lapsed claim is taken over, a released one is free.
@Suite struct DeliveryClaimTests {
    static let now = StoreFixture.start.addingTimeInterval(60)
    static let first = ClaimOwner(host: "alpha", processID: 100, startedAt: StoreFixture.start)
    static let second = ClaimOwner(host: "beta", processID: 200, startedAt: StoreFixture.start)

    /// A store with one new article (two deliveries) and a second connection to its file.
    private func twoConnections() throws -> (StoreFixture, Store) {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1)])
        return (fixture, try Store(path: fixture.path))
    }

    @Test func aClaimedDeliveryIsNotHandedToAnotherOwner() throws {
        let (fixture, other) = try twoConnections()
        let claimed = try fixture.store.claimDeliveries(owner: Self.first, now: Self.now,
                                                        leaseUntil: Self.now.addingTimeInterval(60), limit: 10)
        #expect(claimed.count == 2)
        #expect(claimed.allSatisfy { $0.claim?.owner == Self.first.label })
        #expect(try other.claimDeliveries(owner: Self.second, now: Self.now.addingTimeInterval(30),
                                          leaseUntil: Self.now.addingTimeInterval(90), limit: 10).isEmpty)
        #expect(try other.pendingDeliveries(now: Self.now.addingTimeInterval(30), limit: 10).isEmpty)
    }

    @Test func aLapsedClaimIsTakenOverWithTheSameDeliveryIDs() throws {
        let (fixture, other) = try twoConnections()
        let claimed = try fixture.store.claimDeliveries(owner: Self.first, now: Self.now,
                                                        leaseUntil: Self.now.addingTimeInterval(60), limit: 10)
        let later = Self.now.addingTimeInterval(61)
        let taken = try other.claimDeliveries(owner: Self.second, now: later, leaseUntil: later.addingTimeInterval(60), limit: 10)
        #expect(Set(taken.map(\.deliveryID)) == Set(claimed.map(\.deliveryID)))
        #expect(taken.allSatisfy { $0.claim?.owner == Self.second.label })
    }

    @Test func renewingAClaimKeepsItFromBeingTakenOver() throws {
        let (fixture, other) = try twoConnections()
        _ = try fixture.store.claimDeliveries(owner: Self.first, now: Self.now, leaseUntil: Self.now.addingTimeInterval(60), limit: 10)
        #expect(try fixture.store.renewDeliveryClaims(owner: Self.first, leaseUntil: Self.now.addingTimeInterval(120)) == 2)
        let later = Self.now.addingTimeInterval(90)
        #expect(try other.claimDeliveries(owner: Self.second, now: later, leaseUntil: later.addingTimeInterval(60), limit: 10).isEmpty)
    }

    @Test func recordingTheResultReleasesTheClaim() throws {
        let (fixture, _) = try twoConnections()
        let claimed = try fixture.store.claimDeliveries(owner: Self.first, now: Self.now,
                                                        leaseUntil: Self.now.addingTimeInterval(60), limit: 10)
        try fixture.store.markAttemptFailed(id: claimed[0].id, owner: Self.first, error: "exit status 1", nextAttemptAt: Self.now)
        try fixture.store.markDelivered(id: claimed[1].id, at: Self.now)
        let rows = try fixture.store.outbox(state: .all)
        #expect(rows.allSatisfy { $0.claim == nil })
        #expect(try fixture.store.pendingDeliveries(now: Self.now, limit: 10).map(\.id) == [claimed[0].id])
    }

    @Test func releasedUnstartedDeliveriesAreDueAtOnceForAnyone() throws {
        let (fixture, other) = try twoConnections()
        let claimed = try fixture.store.claimDeliveries(owner: Self.first, now: Self.now,
                                                        leaseUntil: Self.now.addingTimeInterval(60), limit: 10)
        try fixture.store.releaseDeliveries(ids: claimed.map(\.id), owner: Self.first)
        #expect(try other.claimDeliveries(owner: Self.second, now: Self.now, leaseUntil: Self.now.addingTimeInterval(60),
                                          limit: 10).count == 2)
    }

    @Test func theNextDueTimeOfAHeldDeliveryIsWhenItsLeaseLapses() throws {
        let (fixture, _) = try twoConnections()
        let lapse = Self.now.addingTimeInterval(60)
        _ = try fixture.store.claimDeliveries(owner: Self.first, now: Self.now, leaseUntil: lapse, limit: 10)
        #expect(try fixture.store.nextOutboxDue() == lapse)
    }
}

@Suite struct FeedClaimTests {
    static let now = StoreFixture.start.addingTimeInterval(60)

    @Test func aClaimedFeedIsLeftOutOfAnotherOwnersClaim() throws {
        let fixture = try StoreFixture()
        let id = try fixture.addFeed()
        let other = try Store(path: fixture.path)
        let mine = try fixture.store.claimFeeds(ids: [id], owner: DeliveryClaimTests.first, now: Self.now,
                                                leaseUntil: Self.now.addingTimeInterval(60), dueOnly: true)
        #expect(mine.map(\.id) == [id])
        #expect(try other.claimFeeds(ids: [id], owner: DeliveryClaimTests.second, now: Self.now,
                                     leaseUntil: Self.now.addingTimeInterval(60), dueOnly: false).isEmpty)
        #expect(try other.feedClaim(id: id)?.owner == DeliveryClaimTests.first.label)
    }

    @Test func aLapsedFeedClaimIsTakenOver() throws {
        let fixture = try StoreFixture()
        let id = try fixture.addFeed()
        _ = try fixture.store.claimFeeds(ids: [id], owner: DeliveryClaimTests.first, now: Self.now,
                                         leaseUntil: Self.now.addingTimeInterval(60), dueOnly: true)
        let later = Self.now.addingTimeInterval(61)
        let taken = try Store(path: fixture.path).claimFeeds(ids: [id], owner: DeliveryClaimTests.second, now: later,
                                                             leaseUntil: later.addingTimeInterval(60), dueOnly: true)
        #expect(taken.map(\.id) == [id])
    }

    @Test func aFeedPolledMeanwhileIsNotClaimedForADuePass() throws {
        let fixture = try StoreFixture()
        let id = try fixture.addFeed()
        try fixture.store.recordNotModified(feedID: id, at: Self.now, nextPollAt: Self.now.addingTimeInterval(900))
        #expect(try fixture.store.claimFeeds(ids: [id], owner: DeliveryClaimTests.first, now: Self.now,
                                             leaseUntil: Self.now.addingTimeInterval(60), dueOnly: true).isEmpty)
        #expect(try fixture.store.claimFeeds(ids: [id], owner: DeliveryClaimTests.first, now: Self.now,
                                             leaseUntil: Self.now.addingTimeInterval(60), dueOnly: false).map(\.id) == [id])
    }

    @Test func aReleasedFeedIsFreeAndItsNextPollNoLongerWaitsForTheLease() throws {
        let fixture = try StoreFixture()
        let id = try fixture.addFeed()
        let lapse = Self.now.addingTimeInterval(60)
        _ = try fixture.store.claimFeeds(ids: [id], owner: DeliveryClaimTests.first, now: Self.now, leaseUntil: lapse, dueOnly: true)
        #expect(try fixture.store.nextPollDate(recheckingClaimsAt: .distantFuture) == lapse)
        try fixture.store.releaseFeeds(ids: [id], owner: DeliveryClaimTests.first)
        #expect(try fixture.store.feedClaim(id: id) == nil)
        #expect(try fixture.store.nextPollDate(recheckingClaimsAt: .distantFuture) ?? .distantFuture < lapse)
    }
}
