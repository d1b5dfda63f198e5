import FeedStore
import Foundation
import Testing
import TestSupport

/// Hooks that fail, keep failing, or hang, under the real daemon: retried with backoff, parked
/// where `feedd hooks` shows them, killed at their timeout — and the daemon keeps going.
@Suite(.serialized) struct HookDeliveryTests {
    static let article = TestArticle(guid: "a1", title: "Erster Artikel", content: "<p>eins</p>")
    static let later = TestArticle(guid: "a2", title: "Zweiter Artikel", content: "<p>zwei</p>")

    /// One feed whose backlog fires hooks, so the first fetch already has a delivery.
    static func notifyingFeed(_ site: DaemonSite) -> String {
        site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true")
    }

    @Test func hookThatFailsTwiceThenSucceedsIsDeliveredOnTheThirdAttempt() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.article]))
        let folder = site.directory.path("flaky-out")
        let flaky = try site.script("flaky", """
        n=$(cat "$1/attempts" 2>/dev/null || echo 0)
        n=$((n + 1))
        echo "$n" > "$1/attempts"
        if [ "$n" -lt 3 ]; then echo "attempt $n: receiver busy" >&2; exit 1; fi
        cat > "$1/delivered"
        """)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try site.writeConfig(Self.notifyingFeed(site) + """
        [[hook]]
        name = "flaky"
        exec = ["\(flaky)", "\(folder)"]
        retry_base = "1s"
        max_attempts = 5
        """)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(eventually { FileManager.default.fileExists(atPath: folder + "/delivered") }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
        let attempts = try String(contentsOfFile: folder + "/attempts", encoding: .utf8)
        #expect(attempts.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        #expect(daemon.lines(containing: "hook flaky: delivery").count == 2)
        let delivered = try HookDelivery(raw: Data(contentsOf: URL(fileURLWithPath: folder + "/delivered")))
        #expect(delivered.item["title"] as? String == Self.article.title)
        let rows = try Store(path: site.databasePath).outbox(state: .all)
        #expect(rows.count == 1)
        #expect(rows.first?.attempts == 3)
        #expect(rows.first?.deliveredAt != nil)
    }

    @Test func hookThatAlwaysFailsIsParkedShownByFeeddHooksAndRequeuedByRetry() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.article]))
        let folder = site.directory.path("receiver-out")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: folder + "/down"))
        let receiver = try site.script("receiver", """
        if [ -e "$1/down" ]; then echo "receiver is down" >&2; exit 3; fi
        cat > "$1/delivered"
        """)
        try site.writeConfig(Self.notifyingFeed(site) + """
        [[hook]]
        name = "receiver"
        exec = ["\(receiver)", "\(folder)"]
        retry_base = "1s"
        max_attempts = 2
        """)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("parked after 2 attempts"), "\(daemon.log)")
        let listed = try site.feedd(["hooks"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("0 pending, 1 failed"), "\(listed.stdout)")
        let row = try #require(listed.stdout.split(separator: "\n").first { $0.contains("receiver") })
        #expect(row.contains("failed"))
        #expect(row.contains(Self.article.title))
        #expect(row.contains("exited with status 3"))
        #expect(row.contains("receiver is down"))

        try FileManager.default.removeItem(atPath: folder + "/down")
        let retry = try site.feedd(["hooks", "retry"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("requeued 1 deliveries"), "\(retry.stdout)")
        try #require(eventually { FileManager.default.fileExists(atPath: folder + "/delivered") }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(try site.feedd(["hooks"]).stdout.contains("0 pending, 0 failed"))
    }

    @Test func hookThatHangsIsKilledAtItsTimeoutAndTheDaemonKeepsDelivering() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.article]))
        let folder = site.directory.path("hang-out")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let hang = try site.script("hang", """
        echo "$$" >> "$1/pids"
        exec sleep 600
        """)
        try site.writeConfig(Self.notifyingFeed(site) + site.recorderTable("recorder") + """
        [[hook]]
        name = "hang"
        exec = ["\(hang)", "\(folder)"]
        timeout = "1s"
        max_attempts = 1
        """)
        defer {
            // Only when the test failed early can a hung hook outlive the daemon; end it by its id.
            for pid in Self.pids(folder + "/pids") where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("timed out after 1s"), "\(daemon.log)")
        site.server.set("/feed", TestFeed.rss(items: [Self.later, Self.article]))
        try #require(eventually { site.deliveryCount(of: "recorder") >= 2 }, "\(daemon.log)")
        #expect(daemon.isRunning)
        let titles = try site.deliveries(of: "recorder").compactMap { $0.item["title"] as? String }
        #expect(Set(titles) == [Self.article.title, Self.later.title])

        let pids = Self.pids(folder + "/pids")
        #expect(!pids.isEmpty)
        #expect(daemon.stop() == 0)
        for pid in pids {
            #expect(kill(pid, 0) == -1 && errno == ESRCH, "hook process \(pid) still exists")
        }
        let parked = try Store(path: site.databasePath).outbox(state: .failed).filter { $0.hook == "hang" }
        #expect(parked.count >= 1)
        #expect(parked.allSatisfy { $0.lastError?.contains("timed out after 1s") == true })
    }

    /// The process ids the hanging hook wrote, one per run.
    static func pids(_ path: String) -> [pid_t] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { pid_t($0) }
    }
}
