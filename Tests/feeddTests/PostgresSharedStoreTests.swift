import FeedStore
import FeedStorePostgres
import Foundation
import Testing
import TestSupport

/// Several `feedd run` on one PostgreSQL store, the way a team runs them on several hosts: the
/// real binary, a loopback site that keeps publishing articles and comments, a hook that records
/// `start|done <delivery id> <feedd pid>`, and the store read back through `PostgresStore`.
@Suite(.serialized) struct PostgresSharedStoreTests {
    /// A site with two feeds whose articles each have a comment feed, a recording hook that takes
    /// `seconds` per delivery, and a config on `uri`.
    final class World {
        let site: DaemonSite
        let uri: String
        let log: String
        /// Where the test reads the store (not through a proxy the test cuts).
        var readURI: String

        init(uri: String, hookSeconds: Int, interval: String = "1s", feeds: [String] = ["news", "blog"]) throws {
            site = try DaemonSite()
            self.uri = uri
            readURI = uri
            log = site.directory.path("runs")
            let hook = try site.script("record-id", """
            echo "start $FEEDD_DELIVERY_ID $PPID" >> "$1"
            sleep \(hookSeconds)
            echo "done $FEEDD_DELIVERY_ID $PPID" >> "$1"
            """)
            var tables = ""
            for feed in feeds {
                publish(feed, articles: 1...2, comments: 1...1)
                tables += site.feedTable(feed, path: "/" + feed, "notify_backlog = true")
            }
            try site.writeConfig(tables + """
            [[hook]]
            name = "ids"
            exec = ["\(hook)", "\(log)"]
            """, daemon: """
            [daemon]
            database = "\(uri)"
            interval = "\(interval)"
            min_interval = "1s"
            """)
        }

        /// Serves `feed` with `articles`, each with a comment feed holding `comments`.
        func publish(_ feed: String, articles: ClosedRange<Int>, comments: ClosedRange<Int>) {
            let items = articles.map { number in
                TestArticle(guid: "\(feed)-\(number)", title: "\(feed) \(number)", content: "<p>\(number)</p>",
                            commentsFeed: site.server.url("/\(feed)/\(number)/comments"))
            }
            site.server.set("/" + feed, TestFeed.rss(items: items))
            for number in articles {
                let replies = comments.map {
                    TestArticle(guid: "\(feed)-\(number)-c\($0)", title: "Re: \(number) #\($0)", content: "<p>c\($0)</p>")
                }
                site.server.set("/\(feed)/\(number)/comments", TestFeed.rss(items: replies))
            }
        }

        /// Starts `count` daemons with a short lease, and a short wait for the database's answers
        /// (a cut link is given up after 3 s instead of a minute).
        func start(_ count: Int, lease: Int = 3) throws -> [DaemonProcess] {
            try (0..<count).map { _ in
                try site.startDaemon(environment: ["FEEDD_LEASE_SECONDS": String(lease), "FEEDD_DATABASE_TIMEOUT_SECONDS": "3"])
            }
        }

        /// The hook's log as (word, delivery id, feedd pid).
        var runs: [(word: String, id: String, pid: Int32)] {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { line in
                let parts = line.split(separator: " ")
                guard parts.count == 3, let pid = Int32(parts[2]) else { return nil }
                return (String(parts[0]), String(parts[1]), pid)
            }
        }

        var outbox: [OutboxEntry] {
            (try? PostgresStore(readingAt: readURI).outbox(state: .all)) ?? []
        }

        /// Every outbox row delivered, and at least `count` of them.
        func allDelivered(atLeast count: Int) -> Bool {
            let rows = outbox
            return rows.count >= count && rows.allSatisfy { $0.deliveredAt != nil }
        }
    }

    static func cluster() throws -> PostgresCluster { try PostgresCluster.shared.get() }

    @Test func threeDaemonsDeliverEveryEventExactlyOnceAndAKilledOnesWorkIsFinishedUnderTheSameID() throws {
        let world = try World(uri: try Self.cluster().createDatabase(), hookSeconds: 2)
        let daemons = try world.start(3)
        defer { daemons.forEach { $0.kill() } }
        // Kill the first daemon that has a hook running (started, not done) and claims in the store.
        var victim: DaemonProcess?
        try #require(eventually(timeout: 60) {
            let runs = world.runs
            victim = daemons.first { daemon in
                let started = Set(runs.filter { $0.word == "start" && $0.pid == daemon.pid }.map(\.id))
                let done = Set(runs.filter { $0.word == "done" && $0.pid == daemon.pid }.map(\.id))
                return !started.subtracting(done).isEmpty
            }
            return victim != nil
        }, "\(daemons.map(\.log))")
        let killed = try #require(victim)
        killed.kill()
        let runsAtKill = world.runs
        let interrupted = Set(runsAtKill.filter { $0.word == "start" && $0.pid == killed.pid }.map(\.id))
            .subtracting(runsAtKill.filter { $0.word == "done" && $0.pid == killed.pid }.map(\.id))
        #expect(!interrupted.isEmpty)

        // The site goes on publishing: new articles and new comments on old ones.
        world.publish("news", articles: 1...4, comments: 1...2)
        world.publish("blog", articles: 1...3, comments: 1...3)
        // 2 feeds: articles 4 + 3, comments 4×2 + 3×3, all announced (backlog included).
        let expected = 4 + 3 + 8 + 9
        let delivered = eventually(timeout: 120) { world.allDelivered(atLeast: expected) }
        let survivors = daemons.filter { $0 !== killed }
        for daemon in survivors { #expect(daemon.stop(timeout: 30) == 0) }
        try #require(delivered, "\(world.outbox.count) rows\n\(survivors.map(\.log).joined(separator: "\n---\n"))")

        let rows = world.outbox
        #expect(rows.count == expected, "\(rows.map(\.event))")
        let done = world.runs.filter { $0.word == "done" }
        let survivorPIDs = Set(survivors.map(\.pid))
        let bySurvivors = done.filter { survivorPIDs.contains($0.pid) }.map(\.id)
        // Exactly once among the living: no delivery ran twice, every one ran.
        #expect(bySurvivors.count == Set(bySurvivors).count, "\(bySurvivors)")
        let byKilled = done.filter { $0.pid == killed.pid }.map(\.id)
        #expect(Set(bySurvivors).union(byKilled) == Set(rows.map(\.deliveryID)))
        // The killed daemon's unfinished deliveries were run again by another, with the same ids
        // (its orphaned hook may have finished too: at least once, the id lets a receiver tell).
        #expect(interrupted.isSubset(of: Set(bySurvivors)), "\(interrupted) \(bySurvivors)")
        // The work was shared: at least two daemons ran hooks.
        #expect(Set(done.map(\.pid)).count >= 2)
    }

    @Test func threeDaemonsPollEachFeedOncePerIntervalInTotal() throws {
        let world = try World(uri: try Self.cluster().createDatabase(), hookSeconds: 0, interval: "2s", feeds: ["news"])
        let daemons = try world.start(3)
        defer { daemons.forEach { $0.kill() } }
        try #require(eventually(timeout: 30) { world.site.server.requests(for: "/news") >= 1 })
        let first = world.site.server.requests(for: "/news")
        let window = 12.0
        Thread.sleep(forTimeInterval: window)
        let polls = world.site.server.requests(for: "/news") - first
        for daemon in daemons { #expect(daemon.stop(timeout: 30) == 0) }
        // One daemon polls every 2 s: 6 in 12 s (+1 at the edges); three uncoordinated ones, 18.
        #expect(polls >= 4 && polls <= 8, "\(polls) polls of /news in \(window) s by 3 daemons")
    }

    @Test func aDaemonWaitsOutADatabaseRestartAndLosesNothing() throws {
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        let world = try World(uri: try cluster.createDatabase(), hookSeconds: 0, feeds: ["news"])
        let daemons = try world.start(1)
        let daemon = daemons[0]
        defer { daemon.kill() }
        try #require(eventually(timeout: 60) { world.allDelivered(atLeast: 4) }, "\(daemon.log)")

        try cluster.stopServer()
        world.publish("news", articles: 1...3, comments: 1...2)
        #expect(daemon.waitForLog("unavailable", timeout: 30), "\(daemon.log)")
        Thread.sleep(forTimeInterval: 3)
        #expect(daemon.isRunning)
        try cluster.startServer()

        // 3 articles with 2 comments each: 9 events in all.
        let delivered = eventually(timeout: 120) { world.allDelivered(atLeast: 9) }
        #expect(daemon.stop(timeout: 30) == 0)
        try #require(delivered, "\(daemon.log)")
        let done = world.runs.filter { $0.word == "done" }.map(\.id)
        #expect(world.outbox.count == 9)
        #expect(done.count == 9 && Set(done).count == 9, "\(done)")
        let unavailable = daemon.lines(containing: "unavailable")
        #expect(unavailable.allSatisfy { $0.contains("127.0.0.1") && $0.contains(String(cluster.port)) }, "\(unavailable)")
    }

    @Test(arguments: [TCPProxy.Mode.reset, .blackhole])
    func aDaemonWaitsOutACutNetworkToTheDatabaseAndLosesNothing(_ cut: TCPProxy.Mode) throws {
        let cluster = try Self.cluster()
        let proxy = try TCPProxy(targetPort: cluster.port)
        defer { proxy.stop() }
        let direct = try cluster.createDatabase()
        let viaProxy = direct.replacingOccurrences(of: ":\(cluster.port)/", with: ":\(proxy.port)/")
        let world = try World(uri: viaProxy, hookSeconds: 0, feeds: ["news"])
        world.readURI = direct
        let daemons = try world.start(1)
        let daemon = daemons[0]
        defer { daemon.kill() }
        try #require(eventually(timeout: 60) { world.allDelivered(atLeast: 4) }, "\(daemon.log)")

        if cut == .reset { proxy.reset() } else { proxy.blackhole() }
        world.publish("news", articles: 1...3, comments: 1...2)
        #expect(daemon.waitForLog("unavailable", timeout: 90), "\(daemon.log)")
        #expect(daemon.isRunning)
        proxy.restore()

        let delivered = eventually(timeout: 120) { world.allDelivered(atLeast: 9) }
        #expect(daemon.stop(timeout: 30) == 0)
        try #require(delivered, "\(daemon.log)")
        let done = world.runs.filter { $0.word == "done" }.map(\.id)
        #expect(done.count == 9 && Set(done).count == 9, "\(done)")
    }
}
