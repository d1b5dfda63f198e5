import Foundation
import Testing
import TestSupport

/// The watchdog ping is a sign of the main loop's progress, not of a timer: a round stuck on a
/// step longer than the watchdog timeout stops the pings (so systemd restarts the daemon), and
/// they resume once the round moves again.
@Suite(.serialized) struct WatchdogProgressTests {
    @Test func aRoundStuckOnAHookStopsTheWatchdogPingsUntilItMovesAgain() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [TestArticle(guid: "a1", title: "Eins")]))
        let started = site.directory.path("hook-started")
        let finished = site.directory.path("hook-finished")
        // A hook that hangs for 6 s, far past the 1 s watchdog timeout (and within its own timeout).
        let hook = try site.script("hang", "cat > /dev/null; touch '\(started)'; sleep 6; touch '\(finished)'")
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true") + """
            [[hook]]
            name = "hang"
            exec = ["\(hook)"]

            """)
        let socket = try NotifySocket(path: site.directory.path("notify.sock"))
        defer { socket.close() }
        let daemon = try site.startDaemon(environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "1000000"])
        defer { daemon.kill() }
        let pings = { socket.received.filter { $0 == "WATCHDOG=1" }.count }

        try #require(eventually { FileManager.default.fileExists(atPath: started) }, "\(daemon.log)")
        // Pings may still come for up to the watchdog timeout after the last step; then none.
        usleep(1_500_000)
        let stalled = pings()
        usleep(2_500_000)
        let stillStalled = pings()
        try #require(!FileManager.default.fileExists(atPath: finished), "the hook finished too early to tell")
        #expect(stillStalled == stalled, "\(socket.received)\n\(daemon.log)")
        #expect(daemon.log.contains("watchdog pings withheld"), "\(daemon.log)")

        try #require(eventually { FileManager.default.fileExists(atPath: finished) }, "\(daemon.log)")
        #expect(eventually(timeout: 10) { pings() > stillStalled }, "\(socket.received)\n\(daemon.log)")
        #expect(daemon.stop() == 0)
    }
}
