import Foundation
import Testing
import TestSupport
@testable import FeedDaemon
@testable import FeedStore

/// The claims of a process on this host that no longer runs lapse at once; others wait for their lease.
@Suite struct DeadOwnerSweepTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let me = ClaimOwner(host: "here", processID: 10, startedAt: now)

    /// A store with one feed claimed by `owner` for a minute.
    static func store(claimedBy owner: ClaimOwner) throws -> (Store, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("feedd.sqlite"))
        _ = try store.syncConfiguredFeeds([FeedSubscription(name: "a", url: "https://a.example/feed")], now: now)
        let id = try #require(try store.feeds().first).id
        _ = try store.claimFeeds(ids: [id], owner: owner, now: now, leaseUntil: now.addingTimeInterval(60), dueOnly: false)
        return (store, directory)
    }

    @Test func aDeadProcessOnThisHostLosesItsClaimsAtOnce() throws {
        let dead = ClaimOwner(host: "here", processID: 99, startedAt: Self.now)
        let (store, _) = try Self.store(claimedBy: dead)
        #expect(DeadOwnerSweep.sweep(store, me: Self.me, now: Self.now, isRunning: { _ in false }) == [dead.label])
        #expect(try store.liveClaimOwners(now: Self.now).isEmpty)
    }

    @Test func aRunningProcessKeepsItsClaims() throws {
        let (store, _) = try Self.store(claimedBy: ClaimOwner(host: "here", processID: 99, startedAt: Self.now))
        #expect(DeadOwnerSweep.sweep(store, me: Self.me, now: Self.now, isRunning: { _ in true }).isEmpty)
    }

    @Test func anotherHostsClaimsWaitForTheirLease() throws {
        let (store, _) = try Self.store(claimedBy: ClaimOwner(host: "there", processID: 99, startedAt: Self.now))
        #expect(DeadOwnerSweep.sweep(store, me: Self.me, now: Self.now, isRunning: { _ in false }).isEmpty)
    }

    @Test func anEarlierProcessWithMyProcessIDIsDead() throws {
        let earlier = ClaimOwner(host: "here", processID: Self.me.processID, startedAt: Self.now.addingTimeInterval(-3600))
        let (store, _) = try Self.store(claimedBy: earlier)
        #expect(DeadOwnerSweep.sweep(store, me: Self.me, now: Self.now, isRunning: { _ in true }) == [earlier.label])
    }

    @Test func myOwnClaimsAreNeverSwept() throws {
        let (store, _) = try Self.store(claimedBy: Self.me)
        #expect(DeadOwnerSweep.sweep(store, me: Self.me, now: Self.now, isRunning: { _ in false }).isEmpty)
    }

    @Test func aLabelNamesItsHostAndProcess() {
        let owner = ClaimOwner(host: "web pid box", processID: 1234, startedAt: Self.now)
        #expect(ClaimOwner.hostAndProcess(of: owner.label)?.host == "web pid box")
        #expect(ClaimOwner.hostAndProcess(of: owner.label)?.processID == 1234)
        #expect(ClaimOwner.hostAndProcess(of: "garbage") == nil)
    }
}
