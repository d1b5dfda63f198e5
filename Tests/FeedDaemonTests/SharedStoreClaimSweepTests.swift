import Foundation
import Testing
import TestSupport
@testable import FeedDaemon
@testable import FeedStore

/// On a store daemons on several hosts share, process ids say nothing about another host: its
/// claims are never swept by pid, and are taken over only once their lease has lapsed.
@Suite struct SharedStoreClaimSweepTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let me = ClaimOwner(host: "here", processID: 1, startedAt: now)

    @Test func anotherHostsClaimUnderMyProcessIDIsNotSwept() throws {
        let (store, _) = try DeadOwnerSweepTests.store(claimedBy: ClaimOwner(host: "there", processID: 1,
                                                                             startedAt: Self.now.addingTimeInterval(-3600)))
        #expect(DeadOwnerSweep.sweep(store, me: Self.me, now: Self.now, isRunning: { _ in false }).isEmpty)
        #expect(try store.liveClaimOwners(now: Self.now).count == 1)
    }

    @Test func anotherHostsFeedIsTakenOverOnlyAfterItsLease() throws {
        let there = ClaimOwner(host: "there", processID: 4242, startedAt: Self.now)
        let (store, _) = try DeadOwnerSweepTests.store(claimedBy: there)
        let id = try #require(try store.feeds().first).id
        DeadOwnerSweep.sweep(store, me: Self.me, now: Self.now, isRunning: { _ in false })
        let during = try store.claimFeeds(ids: [id], owner: Self.me, now: Self.now.addingTimeInterval(59),
                                          leaseUntil: Self.now.addingTimeInterval(119), dueOnly: false)
        #expect(during.isEmpty)
        let after = try store.claimFeeds(ids: [id], owner: Self.me, now: Self.now.addingTimeInterval(61),
                                         leaseUntil: Self.now.addingTimeInterval(121), dueOnly: false)
        #expect(after.map(\.id) == [id])
    }
}
