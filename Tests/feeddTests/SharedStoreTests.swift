@testable import FeedStore
import Foundation
import Testing
import TestSupport

/// Several processes on one store: `feedd run` twice beside `feedd fetch`, a killed claim holder
/// taken over after its lease, and `feedd fetch` interrupted while hooks run. The hook records
/// `$FEEDD_DELIVERY_ID` and the pid of the feedd that ran it, one line per run.
@Suite(.serialized) struct SharedStoreTests {
    static func articles(_ range: ClosedRange<Int>) -> [TestArticle] {
        range.map { TestArticle(guid: "a\($0)", title: "Artikel \($0)", content: "<p>\($0)</p>") }
    }

    /// A site with one feed whose backlog fires hooks and a hook that logs `start`, sleeps
    /// `seconds`, then logs `done`, each line `<word> <delivery id> <feedd pid>`.
    static func site(items: ClosedRange<Int>, seconds: Int, daemon: String = DaemonSite.fastDaemon) throws -> (DaemonSite, String) {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: articles(items)))
        let log = site.directory.path("runs")
        let hook = try site.script("record-id", """
        echo "start $FEEDD_DELIVERY_ID $PPID" >> "$1"
        sleep \(seconds)
        echo "done $FEEDD_DELIVERY_ID $PPID" >> "$1"
        """)
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true") + """
        [[hook]]
        name = "ids"
        exec = ["\(hook)", "\(log)"]
        """, daemon: daemon)
        return (site, log)
    }

    /// The hook's log lines as (word, delivery id, feedd pid).
    static func runs(_ log: String) -> [(word: String, id: String, pid: Int32)] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, let pid = Int32(parts[2]) else { return nil }
            return (String(parts[0]), String(parts[1]), pid)
        }
    }

    static func outbox(_ site: DaemonSite) -> [OutboxEntry] {
        (try? Store(path: site.databasePath).outbox(state: .all)) ?? []
    }

    @Test func twoDaemonsAndAFetchRunEveryDeliveryExactlyOnce() throws {
        let (site, log) = try Self.site(items: 1...3, seconds: 1)
        let first = try site.startDaemon()
        let second = try site.startDaemon()
        let fetch = try FeeddProcess(["fetch", "--config", site.configPath])
        defer { first.kill(); second.kill() }
        try #require(eventually(timeout: 30) { Self.outbox(site).count == 3 }, "\(first.log)\n\(second.log)")
        site.server.set("/feed", TestFeed.rss(items: Self.articles(1...6)))

        let allDelivered = eventually(timeout: 60) {
            let rows = Self.outbox(site)
            return rows.count == 6 && rows.allSatisfy { $0.deliveredAt != nil }
        }
        #expect(fetch.waitForExit() != nil)
        #expect(first.stop() == 0)
        #expect(second.stop() == 0)
        try #require(allDelivered, "\(first.log)\n\(second.log)\n\(fetch.errors)")
        let done = Self.runs(log).filter { $0.word == "done" }
        let expected = Set(Self.outbox(site).map(\.deliveryID))
        #expect(done.count == 6, "\(done)")
        #expect(Set(done.map(\.id)) == expected)
    }

    /// A daemon that finds a feed claimed by a one-shot `feedd fetch` looks again after
    /// `min_interval` (1 s here), so it polls the feed a second after the fetch ends, not when the
    /// fetch's 60 s lease would have lapsed. The fetch holds the claim 8 s (a stalled answer); the
    /// daemon starts once the store shows that claim, and its first round logs the feed left to it.
    @Test func aDaemonPollsAFeedSoonAfterTheFetchThatHeldItEnds() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: Self.articles(1...1)))
        site.server.stall("/feed", seconds: 8)
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false"))
        let fetch = try FeeddProcess(["fetch", "--config", site.configPath])
        try #require(eventually(timeout: 30) {
            let store = try? Store(path: site.databasePath)
            guard let id = (try? store?.feeds())??.first?.id else { return false }
            return (try? store?.feedClaim(id: id)) != nil
        }, "\(fetch.errors)")
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(eventually(timeout: 30) { daemon.log.contains("1 feeds left to another feedd polling them") },
                     "\(daemon.log)")
        site.server.stall("/feed", seconds: 0)

        #expect(fetch.waitForExit() == 0, "\(fetch.errors)")
        #expect(site.server.requests(for: "/feed") == 1, "the daemon polled a feed the fetch held")
        // Without the recheck the daemon sleeps until the lease lapses, some 50 s from here.
        let polled = eventually(timeout: 20) { site.server.requests(for: "/feed") >= 2 }
        #expect(polled, "\(daemon.log)")
        #expect(daemon.stop() == 0)
    }

    /// On this host the heir sees the holder's process is gone and takes over at once; with the
    /// claims relabelled as another host's (a shared store on another machine), it waits for the lease.
    @Test(arguments: [false, true])
    func aKilledClaimHoldersDeliveriesAreTakenOverWithTheSameIDs(asIfOnAnotherHost: Bool) throws {
        let (site, log) = try Self.site(items: 1...3, seconds: 3)
        let lease = ["FEEDD_LEASE_SECONDS": "2"]
        let holder = try site.startDaemon(environment: lease)
        defer { holder.kill() }
        let holderLabel = "pid \(holder.pid) since"
        // SIGKILL only once the store shows the holder's claims and one of its hooks has started.
        try #require(eventually(timeout: 30) {
            Self.outbox(site).contains { $0.claim?.owner.contains(holderLabel) == true }
                && Self.runs(log).contains { $0.word == "start" && $0.pid == holder.pid }
        }, "\(holder.log)")
        let claimedByHolder = Set(Self.outbox(site).filter { $0.claim?.owner.contains(holderLabel) == true }.map(\.deliveryID))
        let listed = try site.feedd(["hooks"])
        let running = listed.stdout.split(separator: "\n").filter { $0.contains(" running ") && !$0.contains("running now") }
        #expect(!running.isEmpty && running.allSatisfy { $0.contains(holderLabel) }, "\(listed.stdout)")
        #expect(listed.stdout.contains("running now"), "\(listed.stdout)")
        holder.kill()
        if asIfOnAnotherHost {
            let db = try SQLiteConnection(path: site.databasePath)
            try db.run("UPDATE outbox SET claimed_by = ? WHERE claimed_by LIKE ?",
                       ["elsewhere pid \(holder.pid) since 2026-01-01T00:00:00Z", "% " + holderLabel + " %"])
            #expect(Self.outbox(site).contains { $0.claim?.owner.hasPrefix("elsewhere") == true })
        }

        let heir = try site.startDaemon(environment: lease)
        defer { heir.kill() }
        let allDelivered = eventually(timeout: 60) {
            let rows = Self.outbox(site)
            return rows.count == 3 && rows.allSatisfy { $0.deliveredAt != nil }
        }
        #expect(heir.stop() == 0)
        try #require(allDelivered, "\(heir.log)")
        let byHeir = Self.runs(log).filter { $0.word == "done" && $0.pid == heir.pid }.map(\.id)
        #expect(!claimedByHolder.isEmpty)
        #expect(claimedByHolder.isSubset(of: Set(byHeir)), "\(claimedByHolder) \(byHeir)")
        #expect(Set(byHeir) == Set(Self.outbox(site).map(\.deliveryID)))
        #expect(byHeir.count == Set(byHeir).count)
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func aSignalToFetchLetsTheRunningHookFinishAndRecordsIt(_ signal: Int32, _ status: Int32) throws {
        let daemon = DaemonSite.fastDaemon + "\nhook_concurrency = 1"
        let (site, log) = try Self.site(items: 1...2, seconds: 2, daemon: daemon)
        let fetch = try FeeddProcess(["fetch", "--config", site.configPath])
        try #require(eventually(timeout: 30) { Self.runs(log).contains { $0.word == "start" } })
        fetch.send(signal)

        #expect(fetch.waitForExit() == status)
        #expect(fetch.output.contains("hooks: 1 delivered, 0 to retry, 0 failed"), "\(fetch.output)\n\(fetch.errors)")
        #expect(fetch.errors.contains("interrupted by"))
        let first = try #require(Self.runs(log).first { $0.word == "done" })
        let rows = Self.outbox(site)
        #expect(rows.filter { $0.deliveredAt != nil }.map(\.deliveryID) == [first.id])
        #expect(rows.allSatisfy { $0.claim == nil })

        let next = try site.feedd(["fetch"])
        #expect(next.status == 0, "\(next.stderr)")
        let done = Self.runs(log).filter { $0.word == "done" }.map(\.id)
        #expect(done.count == 2 && Set(done).count == 2, "\(done)")
        #expect(Self.outbox(site).allSatisfy { $0.deliveredAt != nil })
    }

    @Test func twoProcessesOpeningAFreshDatabaseAtOnceBothSucceed() throws {
        var failures: [String] = []
        for attempt in 0..<20 {
            let site = try DaemonSite()
            try site.writeConfig(site.feedTable("news", path: "/feed"), daemon: """
            [daemon]
            database = "fresh-\(attempt).sqlite"
            """)
            let pair = try [FeeddProcess(["hooks", "--config", site.configPath]),
                            FeeddProcess(["hooks", "--config", site.configPath])]
            for process in pair {
                let status = process.waitForExit(timeout: 30)
                if status != 0 { failures.append("try \(attempt): status \(String(describing: status)): \(process.errors)") }
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}
