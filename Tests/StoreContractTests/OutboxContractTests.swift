import FeedModel
import FeedStore
import Foundation
import Testing

/// The hook outbox: claims by two owners, results, parking, retries and digests.
@Suite struct OutboxContractTests {
    private typealias F = ContractFixture

    /// A live feed with one new article: two deliveries pending.
    private func withTwoDeliveries(_ kind: StoreKind) throws -> F {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        try fixture.ingest(id, [F.article(1)])
        return fixture
    }

    @Test(arguments: StoreKind.allCases)
    func aClaimedDeliveryIsNotHandedToAnotherOwner(_ kind: StoreKind) throws {
        let fixture = try withTwoDeliveries(kind)
        let other = try fixture.secondConnection()
        let now = fixture.at(60)
        let claimed = try fixture.store.claimDeliveries(owner: F.first, now: now, leaseUntil: fixture.at(120), limit: 10)
        #expect(claimed.count == 2 && claimed.allSatisfy { $0.claim?.owner == F.first.label })
        #expect(try other.claimDeliveries(owner: F.second, now: fixture.at(90), leaseUntil: fixture.at(150), limit: 10).isEmpty)
        #expect(try other.pendingDeliveries(now: fixture.at(90), limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func aLapsedDeliveryClaimIsTakenOverWithTheSameDeliveryIDs(_ kind: StoreKind) throws {
        let fixture = try withTwoDeliveries(kind)
        let other = try fixture.secondConnection()
        let claimed = try fixture.store.claimDeliveries(owner: F.first, now: fixture.at(60), leaseUntil: fixture.at(120), limit: 10)
        let taken = try other.claimDeliveries(owner: F.second, now: fixture.at(121), leaseUntil: fixture.at(181), limit: 10)
        #expect(Set(taken.map(\.deliveryID)) == Set(claimed.map(\.deliveryID)))
    }

    @Test(arguments: StoreKind.allCases)
    func renewedDeliveryClaimsHoldAndReleasedOnesAreFree(_ kind: StoreKind) throws {
        let fixture = try withTwoDeliveries(kind)
        let claimed = try fixture.store.claimDeliveries(owner: F.first, now: fixture.at(60), leaseUntil: fixture.at(120), limit: 10)
        #expect(try fixture.store.renewDeliveryClaims(owner: F.first, leaseUntil: fixture.at(300)) == 2)
        #expect(try fixture.store.claimDeliveries(owner: F.second, now: fixture.at(200), leaseUntil: fixture.at(260), limit: 10).isEmpty)
        try fixture.store.releaseDeliveries(ids: [claimed[0].id], owner: F.first)
        #expect(try fixture.store.claimDeliveries(owner: F.second, now: fixture.at(200), leaseUntil: fixture.at(260), limit: 10)
            .map(\.id) == [claimed[0].id])
    }

    @Test(arguments: StoreKind.allCases)
    func aDeliveredRowKeepsItsResponseAndLeavesThePendingList(_ kind: StoreKind) throws {
        let fixture = try withTwoDeliveries(kind)
        let claimed = try fixture.store.claimDeliveries(owner: F.first, now: fixture.at(60), leaseUntil: fixture.at(120), limit: 10)
        try fixture.store.markDelivered(id: claimed[0].id, at: fixture.at(70), response: "HTTP 200\nok")
        let delivered = try #require(try fixture.store.outbox(state: .delivered).first)
        #expect(delivered.id == claimed[0].id && delivered.attempts == 1 && delivered.claim == nil)
        #expect(delivered.lastResponse == "HTTP 200\\nok" && delivered.deliveredAt == fixture.at(70))
        #expect(try fixture.store.outbox(state: .pending).map(\.id) == [claimed[1].id])
    }

    @Test(arguments: StoreKind.allCases)
    func aFailedAttemptIsRetriedLaterAndCountsIt(_ kind: StoreKind) throws {
        let fixture = try withTwoDeliveries(kind)
        let claimed = try fixture.store.claimDeliveries(owner: F.first, now: fixture.at(60), leaseUntil: fixture.at(120), limit: 1)
        try fixture.store.markAttemptFailed(id: claimed[0].id, owner: F.first, error: "exit status 1", nextAttemptAt: fixture.at(600))
        let row = try #require(try fixture.store.outbox(state: .pending).first { $0.id == claimed[0].id })
        #expect(row.attempts == 1 && row.lastError == "exit status 1" && row.claim == nil)
        #expect(try fixture.store.pendingDeliveries(now: fixture.at(100), limit: 10).map(\.id) != [claimed[0].id])
        #expect(try fixture.store.pendingDeliveries(now: fixture.at(600), limit: 10).contains { $0.id == claimed[0].id })
    }

    @Test(arguments: StoreKind.allCases)
    func aParkedDeliveryWaitsUntilRetried(_ kind: StoreKind) throws {
        let fixture = try withTwoDeliveries(kind)
        let rows = try fixture.store.outbox(state: .pending)
        try fixture.store.park(id: rows[0].id, owner: F.first, error: "gave up", at: fixture.at(70))
        try fixture.store.park(id: rows[1].id, owner: F.first, error: "gave up", at: fixture.at(70))
        #expect(try fixture.store.outbox(state: .failed).count == 2)
        #expect(try fixture.store.nextOutboxDue() == nil)
        #expect(try fixture.store.retryParked(ids: [rows[0].id]) == 1)
        #expect(try fixture.store.outbox(state: .failed).map(\.id) == [rows[1].id])
        #expect(try fixture.store.retryParked(ids: nil) == 1)
        #expect(try fixture.store.pendingDeliveries(now: fixture.at(0), limit: 10).allSatisfy { $0.attempts == 0 })
        #expect(try fixture.store.pendingDeliveries(now: fixture.at(0), limit: 10).count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func theNextDueDeliveryIsTheEarliestAttempt(_ kind: StoreKind) throws {
        let fixture = try withTwoDeliveries(kind)
        #expect(try fixture.store.nextOutboxDue() == fixture.at(60))
        let rows = try fixture.store.outbox(state: .pending)
        try fixture.store.markAttemptFailed(id: rows[0].id, owner: F.first, error: "x", nextAttemptAt: fixture.at(500))
        try fixture.store.markAttemptFailed(id: rows[1].id, owner: F.first, error: "x", nextAttemptAt: fixture.at(400))
        #expect(try fixture.store.nextOutboxDue() == fixture.at(400))
    }

    @Test(arguments: StoreKind.allCases)
    func aDigestCarriesItsMembersAndDeliveringItDeliversThem(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let routes = [HookRoute(hook: "morning", events: [.new], collectsDigest: true)]
        try fixture.ingest(id, (1...3).map { F.article($0) }, routes: routes)
        #expect(try fixture.store.pendingDeliveries(now: fixture.at(3600), limit: 10).isEmpty)
        #expect(try fixture.store.hooksWaitingForDigest() == ["morning"])
        #expect(try fixture.store.closeDigest(hook: "morning", createdBefore: fixture.at(60), now: fixture.at(61)) == nil)
        let digestID = try #require(try fixture.store.closeDigest(hook: "morning", createdBefore: fixture.at(120), now: fixture.at(120)))
        #expect(try fixture.store.closeDigest(hook: "morning", createdBefore: fixture.at(120), now: fixture.at(120)) == nil)
        let due = try fixture.store.pendingDeliveries(now: fixture.at(120), limit: 10)
        try #require(due.count == 1)
        #expect(due[0].deliveryID == digestID && due[0].digestRole == .digest)
        #expect(due[0].digestMembers.compactMap(\.item.entry.title) == ["Article 1", "Article 2", "Article 3"])
        try fixture.store.markDelivered(id: due[0].id, at: fixture.at(130), response: nil)
        #expect(try fixture.store.outbox(state: .delivered).count == 4)
        #expect(try fixture.store.hooksWaitingForDigest().isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func theHooksLogListsTheLatestStepsNewestFirst(_ kind: StoreKind) throws {
        let fixture = try withTwoDeliveries(kind)
        let rows = try fixture.store.outbox(state: .pending)
        let desktop = try #require(rows.first { $0.hook == "desktop" })
        try fixture.store.markDelivered(id: desktop.id, at: fixture.at(500), response: "ok")
        #expect(try fixture.store.recentDeliveries(hook: nil, limit: 10).map(\.hook) == ["desktop", "chat"])
        #expect(try fixture.store.recentDeliveries(hook: "chat", limit: 10).map(\.hook) == ["chat"])
        #expect(try fixture.store.recentDeliveries(hook: nil, limit: 1).count == 1)
    }

    /// First owner's lease lapsed and the second took the deliveries over: what the first owner
    /// reports late.
    private func takenOver(_ kind: StoreKind) throws -> (F, [OutboxEntry]) {
        let fixture = try withTwoDeliveries(kind)
        _ = try fixture.store.claimDeliveries(owner: F.first, now: fixture.at(60), leaseUntil: fixture.at(120), limit: 10)
        let taken = try fixture.secondConnection()
            .claimDeliveries(owner: F.second, now: fixture.at(121), leaseUntil: fixture.at(181), limit: 10)
        try #require(taken.count == 2)
        return (fixture, taken)
    }

    @Test(arguments: StoreKind.allCases)
    func aLapsedOwnersLateFailureLeavesTheNewOwnersClaimAlone(_ kind: StoreKind) throws {
        let (fixture, taken) = try takenOver(kind)
        #expect(try !fixture.store.markAttemptFailed(id: taken[0].id, owner: F.first, error: "late", nextAttemptAt: fixture.at(130)))
        #expect(try !fixture.store.park(id: taken[1].id, owner: F.first, error: "late", at: fixture.at(130)))
        let rows = try fixture.store.outbox(state: .pending)
        #expect(rows.count == 2 && rows.allSatisfy { $0.claim?.owner == F.second.label && $0.attempts == 0 && $0.lastError == nil })
        #expect(try fixture.store.claimDeliveries(owner: F.first, now: fixture.at(140), leaseUntil: fixture.at(200), limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func theNewOwnersFailureIsRecorded(_ kind: StoreKind) throws {
        let (fixture, taken) = try takenOver(kind)
        #expect(try fixture.store.markAttemptFailed(id: taken[0].id, owner: F.second, error: "exit 1", nextAttemptAt: fixture.at(300)))
        let row = try #require(try fixture.store.outbox(state: .pending).first { $0.id == taken[0].id })
        #expect(row.claim == nil && row.attempts == 1 && row.lastError == "exit 1")
    }

    @Test(arguments: StoreKind.allCases)
    func aLateSuccessEndsTheDeliveryAndTheNewOwnersResultChangesNothing(_ kind: StoreKind) throws {
        let (fixture, taken) = try takenOver(kind)
        try fixture.store.markDelivered(id: taken[0].id, at: fixture.at(130), response: "HTTP 200")
        #expect(try !fixture.store.markAttemptFailed(id: taken[0].id, owner: F.second, error: "exit 1", nextAttemptAt: fixture.at(300)))
        try fixture.store.markDelivered(id: taken[0].id, at: fixture.at(150), response: "HTTP 204")
        let row = try #require(try fixture.store.outbox(state: .delivered).first)
        #expect(row.id == taken[0].id && row.deliveredAt == fixture.at(130) && row.lastResponse == "HTTP 200")
        #expect(row.attempts == 1 && row.lastError == nil && row.claim == nil)
    }
}
