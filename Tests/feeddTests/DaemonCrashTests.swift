import FeedStore
import Foundation
import Testing
import TestSupport

/// SIGKILL of `feedd run` while hooks are running and new items arrive: after a clean restart,
/// every outbox row has reached its hook at least once, and no item is lost.
@Suite(.serialized) struct DaemonCrashTests {
    static let backlog = 40
    static let kills = 10

    @Test func killedDaemonLosesNoItemAndNoDelivery() throws {
        let site = try DaemonSite()
        var articles = (0..<Self.backlog).map { TestArticle(guid: "b\($0)", title: "Artikel \($0)", content: "<p>\($0)</p>") }
        site.server.set("/feed", TestFeed.rss(items: articles))
        let folder = site.directory.path("slow-out")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let slow = try site.script("slow", """
        daemon=$PPID
        cat > /dev/null
        sleep 0.3
        echo "$FEEDD_DELIVERY_ID $daemon" >> "$1/ids"
        """)
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true") + """
        [[hook]]
        name = "slow"
        exec = ["\(slow)", "\(folder)"]
        """, daemon: DaemonSite.fastDaemon + "\nhook_concurrency = 2")
        let idsFile = folder + "/ids"

        var generator = SystemRandomNumberGenerator()
        for kill in 0..<Self.kills {
            let daemon = try site.startDaemon()
            defer { daemon.kill() }
            // Wait until this daemon's hooks are under way: one of them finished (not a hook orphaned
            // by the previous kill), and others are running. Bounded, as once all are done none are left.
            eventually(timeout: 5) { Self.recorded(idsFile).contains { $0.daemon == daemon.pid } }
            usleep(UInt32.random(in: 0...300_000, using: &generator))
            daemon.kill()
            // A new article for the next run to ingest.
            articles.insert(TestArticle(guid: "k\(kill)", title: "Nach Absturz \(kill)", content: "<p>k</p>"), at: 0)
            site.server.set("/feed", TestFeed.rss(items: articles))
        }

        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        try #require(eventually(timeout: 30) { Set(Self.recordedIDs(idsFile)).count >= articles.count },
                     "\(Set(Self.recordedIDs(idsFile)).count) of \(articles.count) delivered\n\(daemon.log)")
        try #require(eventually { (try? site.feedd(["hooks"]).stdout.contains("0 pending, 0 failed")) == true })
        #expect(daemon.stop() == 0)

        let store = try Store(path: site.databasePath)
        #expect(try store.integrityCheck() == ["ok"])
        let items = try store.items(feedName: "news", since: nil, limit: 1000)
        #expect(items.count == articles.count)
        #expect(Set(items.compactMap(\.entry.title)) == Set(articles.map(\.title)))
        let rows = try store.outbox(state: .all)
        #expect(rows.count == articles.count)
        #expect(rows.allSatisfy { $0.deliveredAt != nil })
        let recorded = Set(Self.recordedIDs(idsFile))
        let missing = rows.map(\.deliveryID).filter { !recorded.contains($0) }
        #expect(missing.isEmpty, "never reached the hook: \(missing)")
    }

    /// The delivery ids the hook appended, one per run (repeats included).
    static func recordedIDs(_ path: String) -> [String] {
        recorded(path).map(\.deliveryID)
    }

    /// Each run of the hook: the delivery id and the daemon that started it.
    static func recorded(_ path: String) -> [(deliveryID: String, daemon: pid_t)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 2, let pid = pid_t(fields[1]) else { return nil }
            return (String(fields[0]), pid)
        }
    }
}
