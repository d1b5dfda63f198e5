import Foundation
import Testing
import TestSupport

/// `feedd run` under a stand-in for systemd: the notify protocol over a real datagram socket.
@Suite(.serialized) struct SystemdNotifyProtocolTests {
    @Test func readyStatusWatchdogReloadAndStoppingArriveOnTheNotifySocket() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [TestArticle(guid: "a1", title: "Eins")]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false"))
        let socket = try NotifySocket(path: site.directory.path("notify.sock"))
        defer { socket.close() }
        let daemon = try site.startDaemon(environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "1000000"])
        defer { daemon.kill() }

        try #require(eventually { socket.received.contains("READY=1") }, "\(socket.received)\n\(daemon.log)")
        try #require(eventually { socket.received.contains { $0.hasPrefix("STATUS=") } }, "\(socket.received)")
        let status = try #require(socket.received.first { $0.hasPrefix("STATUS=") })
        #expect(!status.contains("\n"))
        // WATCHDOG_USEC=1s: a ping every 0.5 s, so three arrive well within 3 s.
        let pings = socket.received.filter { $0 == "WATCHDOG=1" }.count
        #expect(eventually(timeout: 3) { socket.received.filter { $0 == "WATCHDOG=1" }.count >= pings + 3 },
                "\(socket.received)")

        daemon.send(SIGHUP)
        try #require(eventually { socket.received.contains { $0.hasPrefix("RELOADING=1\n") } }, "\(socket.received)")
        try #require(eventually {
            let messages = socket.received
            guard let reloading = messages.firstIndex(where: { $0.hasPrefix("RELOADING=1\n") }) else { return false }
            return messages[(reloading + 1)...].contains("READY=1")
        }, "\(socket.received)")
        let reloading = try #require(socket.received.first { $0.hasPrefix("RELOADING=1\n") })
        #expect(reloading.contains("MONOTONIC_USEC="))

        daemon.send(SIGTERM)
        #expect(daemon.waitForExit() == 0, "\(daemon.log)")
        #expect(eventually(timeout: 5) { socket.received.contains("STOPPING=1") }, "\(socket.received)")
        let messages = socket.received
        let ready = try #require(messages.firstIndex(of: "READY=1"))
        let stopping = try #require(messages.firstIndex(of: "STOPPING=1"))
        #expect(ready < stopping)
    }

    /// Each round of the daemon sends one STATUS; a round that found no feed due and no delivery
    /// is a wake-up for nothing. An idle daemon must sleep until its next feed is due, not spin.
    @Test func idleDaemonWakesOnlyWhenAFeedIsDue() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [TestArticle(guid: "a1", title: "Eins")]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false"))
        let socket = try NotifySocket(path: site.directory.path("notify.sock"))
        defer { socket.close() }
        let daemon = try site.startDaemon(environment: ["NOTIFY_SOCKET": socket.path])
        defer { daemon.kill() }

        let polls = { socket.received.filter { $0.hasPrefix("STATUS=") && !$0.contains(Self.emptyRound) }.count }
        try #require(eventually { polls() >= 4 }, "\(socket.received)")
        #expect(daemon.stop() == 0)
        let empty = socket.received.filter { $0.contains(Self.emptyRound) }
        #expect(empty.count <= 1, "\(socket.received)")
    }

    static let emptyRound = "0 fetched, 0 not modified, 0 failed"
}
