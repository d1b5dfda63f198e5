import FeedDaemon
import FeedFetcher
import FeedModel
import FeedStore
import Foundation
import Testing
import TestSupport
@testable import FeedNotifier

/// The notifier runs only what it claimed: a delivery another process holds is not run, and one
/// whose holder's lease lapsed is, under the same delivery id.
@Suite struct NotifierClaimTests {
    static let other = ClaimOwner(host: "elsewhere", processID: 7, startedAt: Date(timeIntervalSince1970: 0))

    /// A store with one new article and one exec hook that appends `$FEEDD_DELIVERY_ID` to a file.
    static func setUp(_ directory: TemporaryDirectory) throws -> (Store, Notifier, String) {
        let store = try Store(path: directory.path("feedd.sqlite"))
        _ = try store.syncConfiguredFeeds([FeedSubscription(name: "news", url: "https://news.example/feed")], now: Date())
        let feedID = try #require(try store.feeds().first).id
        _ = try store.ingest(feedID: feedID, entries: [], routes: [], now: Date(), policy: IngestPlanner())
        let route = HookRoute(hook: "ids", events: [.new])
        _ = try store.ingest(feedID: feedID, entries: [Entry(guid: "a1", title: "Eins")], routes: [route], now: Date(), policy: IngestPlanner())
        let log = directory.path("ids")
        let hook = ExecHook(argv: ["/bin/sh", "-c", "echo \"$FEEDD_DELIVERY_ID\" >> \"$1\"", "hook", log])
        let notifier = Notifier(store: store, hooks: [HookDefinition(name: "ids", target: .exec(hook))],
                                fetcher: Fetcher(), concurrency: 1)
        return (store, notifier, log)
    }

    @Test func aDeliveryAnotherProcessHoldsIsNotRun() async throws {
        let directory = try TemporaryDirectory()
        let (store, notifier, log) = try Self.setUp(directory)
        let now = Date()
        #expect(try store.claimDeliveries(owner: Self.other, now: now, leaseUntil: now.addingTimeInterval(600), limit: 10).count == 1)
        let summary = try await notifier.drain()
        #expect(summary.delivered == 0)
        #expect(!FileManager.default.fileExists(atPath: log))
    }

    @Test func aDeliveryWhoseHoldersLeaseLapsedIsRunUnderItsID() async throws {
        let directory = try TemporaryDirectory()
        let (store, notifier, log) = try Self.setUp(directory)
        let now = Date()
        let held = try store.claimDeliveries(owner: Self.other, now: now, leaseUntil: now.addingTimeInterval(-1), limit: 10)
        #expect(held.count == 1)
        let summary = try await notifier.drain()
        #expect(summary.delivered == 1)
        let ran = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(ran == held.map(\.deliveryID))
        #expect(try store.outbox(state: .delivered).allSatisfy { $0.claim == nil })
    }
}
