import FeedModel
import FeedStore
@testable import FeedStorePostgres
import Foundation
import Synchronization
import Testing
import TestSupport

/// Another daemon's transaction and a store call meeting on the same rows, in a fixed order: the
/// other daemon (a raw session) takes its locks first, the store call starts on a thread and is
/// seen waiting for a lock in `pg_stat_activity`, and only then does the other daemon go on and
/// commit. Each test is the interleaving a fix of the store is for.
@Suite struct PostgresRaceTests {
    static let start = PostgresTestSupport.start

    /// The config sync no longer locks the whole `feeds` table: a claim that has locked a feed's
    /// row (`FOR UPDATE`) and then updates it would otherwise wait for the sync's table lock while
    /// the sync waits for that row, a deadlock PostgreSQL breaks by failing one of them (40P01).
    @Test func aConfigSyncAndAClaimHoldingTheSameFeedBothSucceed() throws {
        let (store, uri) = try PostgresTestSupport.freshStore()
        let url = "https://news.example/feed"
        _ = try store.syncConfiguredFeeds([FeedSubscription(name: "news", url: url, interval: 600)], now: Self.start)
        let feedID = try #require(try store.feeds().first { $0.name == "news" }).id
        let claim = try PostgresConnection(setting: uri)
        try claim.execute("BEGIN")
        try claim.execute("SELECT id FROM feeds WHERE id = $1 FOR UPDATE", [String(feedID)])

        let changed = FeedSubscription(name: "news", url: url, tags: ["world"], interval: 1800)
        let sync = try StoreCall(store, uri: uri) { () throws(StoreError) -> SyncReport in
            try store.syncConfiguredFeeds([changed], now: Self.start.addingTimeInterval(60))
        }
        let waited = sync.waitsForALock()
        var claimError: PostgresError?
        do {
            try claim.execute("UPDATE feeds SET claimed_by = 'other', lease_until = $1 WHERE id = $2",
                              [String(Self.start.addingTimeInterval(600).timeIntervalSince1970), String(feedID)])
            try claim.execute("COMMIT")
        } catch {
            claimError = error
            _ = try? claim.execute("ROLLBACK")
        }
        let report = sync.join()

        #expect(waited, "the sync never waited for the claimed row")
        #expect(claimError == nil)
        let synced = try #require(report, "the sync did not end").get()
        #expect(synced.updated == ["news"])
        let feed = try #require(try store.feeds().first { $0.id == feedID })
        #expect(feed.interval == 1800 && feed.tags == ["world"])
        #expect(try claim.execute("SELECT claimed_by FROM feeds WHERE id = $1", [String(feedID)]).rows == [["other"]])
    }

    /// Closing a hook's digest waits for another daemon closing the same hook's digest, then finds
    /// its members taken: no second digest. Locking the member rows alone did not do: after the
    /// wait the store carried on with the members it had read before, and as its cutoff chose a
    /// different set than the other daemon's, it wrote a second digest with no members at all.
    @Test func aDigestClosedByAnotherDaemonMeanwhileIsNotClosedAgain() throws {
        let (store, uri) = try PostgresTestSupport.freshStore()
        let feedID = try PostgresTestSupport.addLiveFeed(store)
        let routes = [HookRoute(hook: "morning", events: [.new], collectsDigest: true)]
        _ = try store.ingest(feedID: feedID, entries: [PostgresTestSupport.article(1), PostgresTestSupport.article(2)],
                             routes: routes, now: Self.start.addingTimeInterval(60), policy: PlainPolicy())
        _ = try store.ingest(feedID: feedID, entries: [PostgresTestSupport.article(3)],
                             routes: routes, now: Self.start.addingTimeInterval(200), policy: PlainPolicy())
        let other = try PostgresConnection(setting: uri)
        let members = try other.execute("SELECT id, delivery_id FROM outbox WHERE digest = 'member' ORDER BY id").rows
        try #require(members.count == 3)

        // The other daemon, a little later, closes the digest of all three members as closeDigest does.
        let otherNow = String(Self.start.addingTimeInterval(300).timeIntervalSince1970)
        let otherDigest = Store.digestDeliveryID(hook: "morning", memberDeliveryIDs: members.map { $0[1] ?? "" })
        try other.execute("BEGIN")
        try other.execute("SELECT pg_advisory_xact_lock($1::int, hashtext($2))",
                          [String(PostgresStore.advisoryLockClass), "digest morning"])
        let digestID = try #require(try other.execute("""
            INSERT INTO outbox (item_id, hook, event, delivery_id, next_attempt_at, created_at, digest)
            SELECT item_id, hook, event, $1, $2, $2, 'digest' FROM outbox WHERE id = $3
            RETURNING id
            """, [otherDigest, otherNow, members[0][0]]).rows.first?.first ?? nil)
        try other.execute("""
            INSERT INTO outbox_digest_members (member_id, digest_id)
            SELECT id, $1 FROM outbox WHERE hook = 'morning' AND digest = 'member'
            """, [digestID])

        // This daemon's period ended earlier: its cutoff takes the first two members only.
        let cutoff = Self.start.addingTimeInterval(120)
        let close = try StoreCall(store, uri: uri) { () throws(StoreError) -> String? in
            try store.closeDigest(hook: "morning", createdBefore: cutoff, now: cutoff)
        }
        let waited = close.waitsForALock()
        try other.execute("COMMIT")
        let closed = close.join()

        #expect(waited, "closeDigest never waited for the other daemon")
        #expect(try #require(closed, "closeDigest did not end").get() == nil)
        #expect(try other.execute("SELECT delivery_id FROM outbox WHERE digest = 'digest'").rows == [[otherDigest]])
        #expect(try other.execute("SELECT count(*) FROM outbox_digest_members WHERE digest_id = $1", [digestID]).rows == [["3"]])
    }

    /// Retention re-checks each victim under its row lock: an ingest that saw the item again
    /// while retention waited for the row (a new `last_seen`, perhaps an `updated` delivery the
    /// delete would cascade away) keeps it, instead of retention deleting it by its old snapshot.
    @Test func retentionKeepsAnItemAnIngestSawAgainWhileItWaited() throws {
        let (store, uri) = try PostgresTestSupport.freshStore()
        _ = try store.syncConfiguredFeeds([FeedSubscription(name: "news", url: "https://news.example/feed", keep: 86_400)],
                                          now: Self.start)
        let feedID = try #require(try store.feeds().first { $0.name == "news" }).id
        _ = try store.ingest(feedID: feedID, entries: [PostgresTestSupport.article(1)], routes: [], now: Self.start,
                             policy: PlainPolicy())
        let ingest = try PostgresConnection(setting: uri)
        let itemID = try #require(try ingest.execute("SELECT id FROM items").rows.first?.first ?? nil)

        // Ten days on the item is long past `keep`; an ingest sees it again and has not committed yet.
        let now = Self.start.addingTimeInterval(10 * 86_400)
        let seenAgain = String(now.addingTimeInterval(-60).timeIntervalSince1970)
        try ingest.execute("BEGIN")
        try ingest.execute("UPDATE items SET last_seen = $1 WHERE id = $2", [seenAgain, itemID])
        let retention = try StoreCall(store, uri: uri) { () throws(StoreError) -> Int in
            try store.applyRetention(now: now)
        }
        let waited = retention.waitsForALock()
        try ingest.execute("COMMIT")
        let deleted = retention.join()

        #expect(waited, "retention never waited for the item's row")
        #expect(try #require(deleted, "retention did not end").get() == 0)
        #expect(try ingest.execute("SELECT last_seen = $1 FROM items WHERE id = $2", [seenAgain, itemID]).rows == [["t"]])
        #expect(try ingest.execute("SELECT count(*) FROM item_tombstones").rows == [["0"]])
    }
}

/// One store call on a thread of its own, so the test can watch its session wait and then join it.
private final class StoreCall<Value: Sendable> {
    private final class Outcome: Sendable {
        let result = Mutex<Result<Value, StoreError>?>(nil)
        let finished = DispatchSemaphore(value: 0)
    }

    private let outcome = Outcome()
    /// The server process of the store's session (read before the call takes the store's lock).
    private let backend: Int32
    /// A session of its own to watch from (one inside a transaction would see `pg_stat_activity` frozen).
    private let watcher: PostgresConnection

    init(_ store: PostgresStore, uri: String, _ body: @escaping @Sendable () throws(StoreError) -> Value) throws {
        backend = try store.backendProcessID()
        watcher = try PostgresConnection(setting: uri)
        let outcome = outcome
        Thread.detachNewThread {
            let result = Result<Value, StoreError> { () throws(StoreError) -> Value in try body() }
            outcome.result.withLock { $0 = result }
            outcome.finished.signal()
        }
    }

    /// Whether the call's session comes to wait for a lock within ten seconds.
    func waitsForALock() -> Bool {
        for _ in 0..<1000 {
            let state = try? watcher.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1::integer",
                                             [String(backend)]).rows
            if state == [["Lock"]] { return true }
            usleep(10_000)
        }
        return false
    }

    /// The call's outcome once it ended; nil if it did not end within two minutes (the store's
    /// own statement timeout ends a stuck statement well before that).
    func join() -> Result<Value, StoreError>? {
        guard outcome.finished.wait(timeout: .now() + 120) == .success else { return nil }
        return outcome.result.withLock { $0 }
    }
}
