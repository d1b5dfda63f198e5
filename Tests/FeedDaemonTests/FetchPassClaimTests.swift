import Foundation
import Testing
import TestSupport
@testable import FeedDaemon
@testable import FeedStore

/// A pass claims each feed before polling it: a feed another process holds is left to it, and the
/// pass's own claims are released once its polls are recorded.
@Suite struct FetchPassClaimTests {
    static let start = FetchPassStoreFailureTests.start
    static let elsewhere = ClaimOwner(host: "elsewhere", processID: 4242, startedAt: start)

    @Test func aFeedAnotherProcessHoldsIsLeftOutAndNotRequested() async throws {
        let server = try StaticSiteServer()
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let runtime = try FetchPassStoreFailureTests.runtime(server, directory: directory, names: ["a", "b"])
        let held = try #require(try runtime.store.feeds().first { $0.name == "a" })
        _ = try runtime.store.claimFeeds(ids: [held.id], owner: Self.elsewhere, now: Self.start,
                                         leaseUntil: Self.start.addingTimeInterval(60), dueOnly: false)

        let summary = try await runtime.fetchPass().run(.all, now: { Self.start })
        #expect(summary.fetched == 1 && summary.heldElsewhere == 1, "\(summary)")
        #expect(summary.line.contains("1 feeds left to another feedd polling them"))
        #expect(try runtime.store.feed(id: held.id)?.fetchState.lastFetchedAt == nil)
    }

    @Test func aPassReleasesItsClaimsOnceItsPollsAreRecorded() async throws {
        let server = try StaticSiteServer()
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let runtime = try FetchPassStoreFailureTests.runtime(server, directory: directory, names: ["a", "b"])
        #expect(try await runtime.fetchPass().run(.all, now: { Self.start }).fetched == 2)
        let store = try #require(runtime.store as? Store)
        for feed in try store.feeds() {
            #expect(try store.feedClaim(id: feed.id) == nil)
        }
    }

    @Test func aLapsedClaimOfADeadProcessDoesNotKeepTheFeedFromBeingPolled() async throws {
        let server = try StaticSiteServer()
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let runtime = try FetchPassStoreFailureTests.runtime(server, directory: directory, names: ["a"])
        let feed = try #require(try runtime.store.feeds().first)
        _ = try runtime.store.claimFeeds(ids: [feed.id], owner: Self.elsewhere, now: Self.start,
                                         leaseUntil: Self.start.addingTimeInterval(60), dueOnly: false)
        let later = Self.start.addingTimeInterval(61)
        let summary = try await runtime.fetchPass().run(.all, now: { later })
        #expect(summary.fetched == 1 && summary.heldElsewhere == 0, "\(summary)")
    }
}

/// `FEEDD_LEASE_SECONDS` sets the lease for tests of a takeover, within bounds.
@Suite struct LeaseSettingTests {
    @Test func aLeaseInRangeIsTaken() {
        #expect(LeaseSetting.policy(environment: ["FEEDD_LEASE_SECONDS": "2"]).lease == 2)
    }

    @Test(arguments: ["0", "-5", "3601", "1e3", "inf", "two", ""])
    func aLeaseThatIsNoWholeNumberInRangeIsIgnored(_ text: String) {
        #expect(LeaseSetting.policy(environment: ["FEEDD_LEASE_SECONDS": text]).lease == ClaimPolicy.defaultLease)
    }
}
