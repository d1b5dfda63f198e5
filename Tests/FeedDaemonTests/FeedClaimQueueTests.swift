import Dispatch
import Foundation
import Testing
import TestSupport
@testable import FeedDaemon
@testable import FeedStore

/// A round's queue claims its feeds a chunk at a time, the next chunk ahead of need, and hands
/// every claimed feed out once, in order.
@Suite struct FeedClaimQueueTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let claims = ClaimPolicy(owner: ClaimOwner(host: "here", processID: 1, startedAt: start))

    /// A store holding `count` active feeds, and their ids in list order.
    static func store(_ directory: TemporaryDirectory, feeds count: Int) throws -> (Store, [Int64]) {
        let store = try Store(path: directory.path("feedd.sqlite"))
        let subscriptions = (0..<count).map { FeedSubscription(name: "f\($0)", url: "https://site\($0).example/feed") }
        _ = try store.syncConfiguredFeeds(subscriptions, now: start)
        return (store, try store.feeds().map(\.id))
    }

    static func claimed(_ store: Store, _ ids: some Sequence<Int64>) throws -> [Int64] {
        try ids.filter { try store.feedClaim(id: $0)?.owner == claims.owner.label }
    }

    /// The ids of up to `count` feeds `queue` hands out.
    static func take(_ count: Int, from queue: inout FeedClaimQueue, _ store: Store) async -> [Int64] {
        var ids: [Int64] = []
        for _ in 0..<count {
            guard let feed = await queue.next(store: store, claims: claims, now: { start }) else { break }
            ids.append(feed.id)
        }
        return ids
    }

    @Test func everyFeedIsHandedOutOnceInListOrder() async throws {
        let directory = try TemporaryDirectory()
        let (store, ids) = try Self.store(directory, feeds: 10)
        var queue = FeedClaimQueue(ids, chunkSize: 4, dueOnly: false)
        #expect(await Self.take(ids.count + 1, from: &queue, store) == ids)
        #expect(queue.claimedIDs == ids)
    }

    @Test func theNextChunkIsClaimedOnceHalfTheChunkInHandIsHandedOut() async throws {
        let directory = try TemporaryDirectory()
        let (store, ids) = try Self.store(directory, feeds: 10)
        var queue = FeedClaimQueue(ids, chunkSize: 4, dueOnly: false)
        _ = await queue.next(store: store, claims: Self.claims, now: { Self.start })
        await queue.settle()
        #expect(try Self.claimed(store, ids) == Array(ids[0..<4]), "one feed out of four handed out: no claim ahead yet")

        _ = await queue.next(store: store, claims: Self.claims, now: { Self.start })
        await queue.settle()
        #expect(try Self.claimed(store, ids) == Array(ids[0..<8]), "two of four handed out: the next four are claimed")
        #expect(queue.claimedIDs == Array(ids[0..<8]))
    }

    @Test func aChunkClaimedAheadIsHandedOutAfterTheChunkInHand() async throws {
        let directory = try TemporaryDirectory()
        let (store, ids) = try Self.store(directory, feeds: 6)
        var queue = FeedClaimQueue(ids, chunkSize: 4, dueOnly: false)
        var handedOut = await Self.take(2, from: &queue, store)
        await queue.settle()
        handedOut += await Self.take(ids.count, from: &queue, store)
        #expect(handedOut == ids)
    }

    @Test func feedsAnotherProcessHoldsAreCountedAndSkipped() async throws {
        let directory = try TemporaryDirectory()
        let (store, ids) = try Self.store(directory, feeds: 6)
        let elsewhere = ClaimOwner(host: "elsewhere", processID: 2, startedAt: Self.start)
        _ = try store.claimFeeds(ids: [ids[1], ids[4]], owner: elsewhere, now: Self.start,
                                 leaseUntil: Self.start.addingTimeInterval(60), dueOnly: false)
        var queue = FeedClaimQueue(ids, chunkSize: 2, dueOnly: false)
        #expect(await Self.take(ids.count, from: &queue, store) == [ids[0], ids[2], ids[3], ids[5]])
        #expect(queue.heldElsewhere == 2)
    }

    @Test func aChunkTheStoreCannotClaimIsCountedWithItsError() async throws {
        let directory = try TemporaryDirectory()
        let (store, ids) = try Self.store(directory, feeds: 3)
        try SQLiteConnection(path: directory.path("feedd.sqlite")).executeScript("""
            CREATE TRIGGER test_claims_fail BEFORE UPDATE OF claimed_by ON feeds
            BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END;
            """)
        var queue = FeedClaimQueue(ids, chunkSize: 2, dueOnly: false)
        #expect(await queue.next(store: store, claims: Self.claims, now: { Self.start }) == nil)
        #expect(queue.unclaimable.map(\.count) == [2, 1])
        #expect(queue.unclaimable.allSatisfy { "\($0.error)".contains("disk is full (test)") })
    }
}

/// A blocking store call awaited through `OffPool` runs on a queue of its own, not on one of the
/// concurrency pool's threads (as many as cores), which the parses need.
@Suite struct OffPoolTests {
    @Test func theCallRunsOnTheQueueOfStoreCalls() async {
        #expect(!OffPool.isCurrent)
        #expect(await OffPool.run { OffPool.isCurrent })
    }
}
