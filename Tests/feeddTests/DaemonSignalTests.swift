import FeedStore
import Foundation
import Testing
import TestSupport

/// SIGTERM and SIGHUP sent to the real `feedd run`.
@Suite(.serialized) struct DaemonSignalTests {
    static let article = TestArticle(guid: "a1", title: "Erster Artikel", content: "<p>eins</p>")

    @Test func sigtermExitsZeroPromptlyWhileAFetchIsStalledOnTheServer() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.article]))
        site.server.set("/stalled", TestFeed.rss(items: [Self.article]))
        site.server.stall("/stalled", seconds: 30)
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false")
            + site.feedTable("slow", path: "/stalled", "follow_comments = false"))
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(daemon.waitForLog("feed news <"), "\(daemon.log)")
        try #require(eventually { site.server.requests(for: "/stalled") >= 1 })

        daemon.send(SIGTERM)
        // Far less than the server's 30 s stall: the daemon does not wait for the transfer.
        let status = daemon.waitForExit(timeout: 15)
        #expect(status == 0, "\(daemon.log)")
        #expect(daemon.log.contains("stopping"))
        // The stalled feed is held for its next run, as a transfer cut at shutdown; no store failure.
        #expect(daemon.log.contains("slow: fetch: \(site.server.url("/stalled")): cancelled at shutdown"), "\(daemon.log)")
        #expect(!daemon.log.contains("could not be recorded"), "\(daemon.log)")
        let store = try Store(path: site.databasePath)
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try store.items(feedName: "news", since: nil, limit: 10).count == 1)
    }

    @Test func sighupWithABrokenConfigKeepsTheRunningOneAndNamesTheFileAndLine() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.article]))
        let good = site.feedTable("news", path: "/feed", "follow_comments = false")
        try site.writeConfig(good)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(daemon.waitForLog("feed news <"), "\(daemon.log)")

        // Line 3 of the file: [daemon] interval.
        let broken = DaemonSite.fastDaemon.replacingOccurrences(of: "\ninterval = \"1s\"", with: "\ninterval = \"soon\"")
        try site.writeConfig(good, daemon: broken)
        daemon.send(SIGHUP)
        try #require(daemon.waitForLog("reload refused"), "\(daemon.log)")
        let refusal = try #require(daemon.lines(containing: "reload refused").first)
        #expect(refusal.contains("\(site.configPath):3"), "\(refusal)")
        #expect(refusal.contains("key 'interval' in [daemon]"), "\(refusal)")
        let requests = site.server.requests(for: "/feed")
        #expect(eventually { site.server.requests(for: "/feed") >= requests + 2 }, "\(daemon.log)")
        #expect(daemon.isRunning)
        #expect(daemon.stop() == 0)
    }

    @Test func sighupWithAConfigThatAddsAFeedStartsPollingIt() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.article]))
        site.server.set("/added", TestFeed.rss(items: [Self.article]))
        let first = site.feedTable("news", path: "/feed", "follow_comments = false")
        try site.writeConfig(first)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(daemon.waitForLog("feed news <"), "\(daemon.log)")
        #expect(site.server.requests(for: "/added") == 0)

        try site.writeConfig(first + site.feedTable("added", path: "/added", "follow_comments = false"))
        daemon.send(SIGHUP)
        try #require(daemon.waitForLog("reloaded"), "\(daemon.log)")
        #expect(eventually { site.server.requests(for: "/added") >= 2 }, "\(daemon.log)")
        #expect(daemon.waitForLog("feed added <\(site.server.url("/added"))>: fetched"))
        #expect(daemon.stop() == 0)
    }

    @Test func sigtermWhileHooksAreDrainingStartsNoFurtherDeliveryAndExitsZero() throws {
        let site = try DaemonSite()
        let count = 60
        site.server.set("/feed", TestFeed.rss(items: (0..<count).map { TestArticle(guid: "b\($0)", title: "Artikel \($0)") }))
        let folder = site.directory.path("slow-out")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let slow = try site.script("slow", """
        echo "$FEEDD_DELIVERY_ID" >> "$1/started"
        cat > /dev/null
        sleep 0.5
        """)
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true") + """
        [[hook]]
        name = "slow"
        exec = ["\(slow)", "\(folder)"]
        """, daemon: DaemonSite.fastDaemon + "\nhook_concurrency = 2")
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        let started = { (try? String(contentsOfFile: folder + "/started", encoding: .utf8))?.split(separator: "\n").count ?? 0 }
        try #require(eventually { started() >= 1 }, "\(daemon.log)")

        daemon.send(SIGTERM)
        // Draining all 60 would take 15 s; stopping means finishing only the runs in flight.
        let status = daemon.waitForExit(timeout: 10)
        #expect(status == 0, "\(daemon.log)")
        #expect(started() < count)
        let store = try Store(path: site.databasePath)
        let delivered = try store.outbox(state: .delivered).count
        #expect(try store.outbox(state: .pending).count == count - delivered)
    }
}
