import FeedModel
import FeedStore
import FeedStorePostgres
import Foundation
import Synchronization
import Testing
import TestSupport

/// Two daemons, each on its own connection, claiming at the same moment: `FOR UPDATE SKIP LOCKED`
/// never hands one feed or one delivery to both.
@Suite struct PostgresConcurrencyTests {
    static let owners = [ClaimOwner(host: "alpha", processID: 1, startedAt: PostgresTestSupport.start),
                         ClaimOwner(host: "beta", processID: 2, startedAt: PostgresTestSupport.start)]

    @Test func twoOwnersClaimingFeedsAtOnceNeverShareOne() throws {
        let (store, uri) = try PostgresTestSupport.freshStore()
        let subscriptions = (1...40).map { FeedSubscription(name: "f\($0)", url: "https://f\($0).example/feed") }
        _ = try store.syncConfiguredFeeds(subscriptions, now: PostgresTestSupport.start)
        let ids = try store.feeds().map(\.id)
        let stores = [store, try PostgresStore(uri: uri)]
        for round in 0..<10 {
            let now = PostgresTestSupport.start.addingTimeInterval(Double(round) * 1000)
            let claimed = Mutex<[[Int64]]>([[], []])
            onThreads(2) { index in
                // Each claims a different half first, then everything: the second claim races the other's first.
                let order = index == 0 ? ids : ids.reversed()
                let got = (try? stores[index].claimFeeds(ids: Array(order), owner: Self.owners[index], now: now,
                                                         leaseUntil: now.addingTimeInterval(500), dueOnly: false)) ?? []
                claimed.withLock { $0[index] = got.map(\.id) }
            }
            let (first, second) = claimed.withLock { ($0[0], $0[1]) }
            #expect(Set(first).isDisjoint(with: second), "round \(round)")
            #expect(Set(first).union(second) == Set(ids), "round \(round)")
        }
    }

    @Test func twoOwnersClaimingDeliveriesAtOnceNeverShareOne() throws {
        let (store, uri) = try PostgresTestSupport.freshStore()
        let feedID = try PostgresTestSupport.addLiveFeed(store)
        _ = try store.ingest(feedID: feedID, entries: (1...50).map { PostgresTestSupport.article($0) },
                             routes: PostgresTestSupport.routes, now: PostgresTestSupport.start.addingTimeInterval(60),
                             policy: PlainPolicy())
        let all = Set(try store.outbox(state: .pending).map(\.deliveryID))
        #expect(all.count == 100)
        let stores = [store, try PostgresStore(uri: uri)]
        let now = PostgresTestSupport.start.addingTimeInterval(120)
        let claimed = Mutex<[[String]]>([[], []])
        onThreads(2) { index in
            for _ in 0..<60 {
                guard let batch = try? stores[index].claimDeliveries(owner: Self.owners[index], now: now,
                                                                     leaseUntil: now.addingTimeInterval(600), limit: 3),
                      !batch.isEmpty else { return }
                claimed.withLock { $0[index] += batch.map(\.deliveryID) }
            }
        }
        let (first, second) = claimed.withLock { ($0[0], $0[1]) }
        #expect(Set(first).isDisjoint(with: second))
        #expect(first.count + second.count == 100)
        #expect(Set(first).union(second) == all)
    }

    @Test func twoDaemonsSyncingTheirConfigsAtOnceShareOneRowPerFeed() throws {
        let (store, uri) = try PostgresTestSupport.freshStore()
        let stores = [store, try PostgresStore(uri: uri)]
        let failures = Mutex<[String]>([])
        for round in 0..<5 {
            let shared = FeedSubscription(name: "shared\(round)", url: "https://shared\(round).example/feed")
            onThreads(2) { index in
                let own = FeedSubscription(name: "own\(round)-\(index)", url: "https://own\(round)-\(index).example/feed")
                do {
                    _ = try stores[index].syncConfiguredFeeds([shared, own], stopping: .named([]),
                                                              now: PostgresTestSupport.start)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let feeds = try store.feeds()
        #expect(feeds.count == 15 && Set(feeds.map(\.url)).count == 15)
        #expect(feeds.allSatisfy { $0.isActive })
    }
}
