import FeedDaemon
import FeedFetcher
import FeedModel
import FeedStore
import Foundation
import Synchronization
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

    /// The race this guards: this process's lease lapses while its hook runs (renewals stalled),
    /// another process takes the delivery over, then the first hook fails. Recording that late
    /// failure would clear the new owner's live claim, and a third process could run the hook
    /// beside it; it is logged and left out instead.
    @Test func aLateFailureLeavesTheDeliveryToTheOwnerThatTookItOver() async throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("feedd.sqlite"))
        _ = try store.syncConfiguredFeeds([FeedSubscription(name: "news", url: "https://news.example/feed")], now: Date())
        let feedID = try #require(try store.feeds().first).id
        _ = try store.ingest(feedID: feedID, entries: [], routes: [], now: Date(), policy: IngestPlanner())
        _ = try store.ingest(feedID: feedID, entries: [Entry(guid: "a1", title: "Eins")],
                             routes: [HookRoute(hook: "flaky", events: [.new])], now: Date(), policy: IngestPlanner())
        let started = directory.path("started"), go = directory.path("go")
        // Signals that it runs, waits (at most 10 s) for the test to take the delivery over, fails.
        let script = "touch \"$1\"; i=0; while [ ! -e \"$2\" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; exit 1"
        let hook = ExecHook(argv: ["/bin/sh", "-c", script, "hook", started, go])
        let lines = Mutex<[String]>([])
        let notifier = Notifier(store: store, hooks: [HookDefinition(name: "flaky", target: .exec(hook))],
                                fetcher: Fetcher(), concurrency: 1, log: { line in lines.withLock { $0.append(line) } })
        let drain = Task { try await notifier.drain() }

        for _ in 0..<200 where !FileManager.default.fileExists(atPath: started) { try await Task.sleep(for: .milliseconds(50)) }
        try #require(FileManager.default.fileExists(atPath: started))
        // Another process whose clock is past this one's lease takes the running delivery over.
        let later = Date().addingTimeInterval(3_600)
        let taken = try store.claimDeliveries(owner: Self.other, now: later, leaseUntil: later.addingTimeInterval(60), limit: 10)
        try #require(taken.count == 1)
        FileManager.default.createFile(atPath: go, contents: nil)

        let summary = try await drain.value
        #expect(summary.retried == 0 && summary.parked == 0 && summary.delivered == 0)
        let row = try #require(try store.outbox(state: .pending).first)
        #expect(row.claim?.owner == Self.other.label)
        #expect(row.attempts == 0 && row.lastError == nil)
        #expect(lines.withLock { $0 }.contains { $0.contains(taken[0].deliveryID) && $0.contains("not recorded") })
    }
}
