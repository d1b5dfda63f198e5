import FeedStore
import Foundation
import Testing
import TestSupport

/// `digest` on a hook under the real daemon: one delivery per period listing its items, retried
/// and repeated after a crash under one delivery id with the same items.
@Suite(.serialized) struct DigestDeliveryTests {
    static let articles = (1...3).map { TestArticle(guid: "a\($0)", title: "Artikel \($0)", content: "<p>\($0)</p>") }

    static func feed(_ site: DaemonSite) -> String {
        site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true")
    }

    /// The titles a digest object lists, in order.
    static func titles(_ delivery: HookDelivery) -> [String] {
        let items = delivery.payload["items"] as? [[String: Any]] ?? []
        return items.compactMap { ($0["item"] as? [String: Any])?["title"] as? String }
    }

    /// A hook program that keeps each attempt's stdin as `attempt.N` in `$1` and fails (or, with
    /// `hangFirst`, hangs) on its first attempts.
    static func attemptRecorder(_ site: DaemonSite, failures: Int, hangFirst: Bool = false) throws -> String {
        try site.script("digest-attempts", """
        n=$(cat "$1/attempts" 2>/dev/null || echo 0)
        n=$((n + 1))
        echo "$n" > "$1/attempts"
        cat > "$1/.partial.$n"
        mv "$1/.partial.$n" "$1/attempt.$n"
        \(hangFirst ? "if [ \"$n\" -eq 1 ]; then sleep 60; fi" : "")
        if [ "$n" -le \(failures) ]; then echo "attempt $n: receiver busy" >&2; exit 1; fi
        exit 0
        """)
    }

    static func attempts(in folder: String) throws -> [HookDelivery] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("attempt.") }
        return try names.sorted { (Int($0.dropFirst(8)) ?? 0) < (Int($1.dropFirst(8)) ?? 0) }
            .map { try HookDelivery(raw: Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) }
    }

    @Test func threeNewArticlesMakeOneHookRunListingThree() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: Self.articles))
        try site.writeConfig(Self.feed(site) + (try site.recorderTable("digest", "digest = \"2s\"")))
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(eventually { site.deliveryCount(of: "digest") >= 1 }, "\(daemon.log)")
        // Two more periods pass: nothing else may be sent.
        Thread.sleep(forTimeInterval: 4.5)
        #expect(daemon.stop() == 0)
        let deliveries = try site.deliveries(of: "digest")
        try #require(deliveries.count == 1)
        #expect(deliveries[0].event == "digest")
        #expect(Set(Self.titles(deliveries[0])) == Set(Self.articles.map(\.title)))
        let rows = try Store(path: site.databasePath).outbox(state: .delivered)
        #expect(rows.filter { $0.digestRole == .member }.count == 3)
        #expect(rows.filter { $0.digestRole == .digest }.map(\.deliveryID) == [deliveries[0].deliveryID])
    }

    @Test func aFailingDigestIsRetriedWithTheSameIDAndItems() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: Self.articles))
        let folder = site.directory.path("digest-out")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try site.writeConfig(Self.feed(site) + """
            [[hook]]
            name = "digest"
            exec = ["\(try Self.attemptRecorder(site, failures: 2))", "\(folder)"]
            digest = "2s"
            retry_base = "1s"
            """)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(eventually(timeout: 40) { (try? Self.attempts(in: folder).count) ?? 0 >= 3 }, "\(daemon.log)")
        try #require(eventually { (try? Store(path: site.databasePath).outbox(state: .pending).isEmpty) == true })
        #expect(daemon.stop() == 0)
        let attempts = try Self.attempts(in: folder)
        #expect(attempts.count == 3)
        #expect(Set(attempts.map(\.deliveryID)).count == 1)
        #expect(attempts.allSatisfy { Set(Self.titles($0)) == Set(Self.articles.map(\.title)) })
    }

    @Test func aDigestKilledWhileSendingIsRepeatedWhole() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: Self.articles))
        let folder = site.directory.path("digest-out")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try site.writeConfig(Self.feed(site) + """
            [[hook]]
            name = "digest"
            exec = ["\(try Self.attemptRecorder(site, failures: 0, hangFirst: true))", "\(folder)"]
            digest = "2s"
            """)
        let first = try site.startDaemon()
        defer { first.kill() }
        try #require(eventually { (try? Self.attempts(in: folder).count) ?? 0 >= 1 }, "\(first.log)")
        let claimed = try Store(path: site.databasePath).outbox(state: .pending).filter { $0.digestRole == .digest }
        try #require(claimed.count == 1 && claimed[0].claim != nil, "the digest is claimed while its hook runs")
        first.kill()

        let second = try site.startDaemon()
        defer { second.kill() }
        try #require(eventually(timeout: 30) { (try? Self.attempts(in: folder).count) ?? 0 >= 2 }, "\(second.log)")
        try #require(eventually { (try? Store(path: site.databasePath).outbox(state: .pending).isEmpty) == true })
        #expect(second.stop() == 0)
        let attempts = try Self.attempts(in: folder)
        #expect(attempts.count == 2)
        #expect(attempts[0].deliveryID == claimed[0].deliveryID && attempts[1].deliveryID == claimed[0].deliveryID)
        #expect(Self.titles(attempts[0]) == Self.titles(attempts[1]))
        #expect(Set(Self.titles(attempts[1])) == Set(Self.articles.map(\.title)))
    }

    @Test func eventsWaitingWhenTheDigestIsRemovedGoOutAsOneDigest() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: Self.articles))
        try site.writeConfig(Self.feed(site) + (try site.recorderTable("digest", "digest = \"31d\"")))
        let first = try site.feedd(["fetch"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(site.deliveryCount(of: "digest") == 0)

        try site.writeConfig(Self.feed(site) + (try site.recorderTable("digest")))
        let second = try site.feedd(["fetch"])
        #expect(second.status == 0, "\(second.stderr)")
        let deliveries = try site.deliveries(of: "digest")
        try #require(deliveries.count == 1)
        #expect(deliveries[0].event == "digest")
        #expect(Set(Self.titles(deliveries[0])) == Set(Self.articles.map(\.title)))
    }

    @Test(arguments: NotificationServices.all)
    func aBuiltInTargetGetsOneShortListForADigest(_ target: NotificationServices.Target) throws {
        let receiver = try ServiceReceiver(target.service)
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: Self.articles))
        try site.writeConfig(Self.feed(site) + """
            [[hook]]
            name = "phone"
            \(target.keys(receiver))
            digest = "2s"
            """)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(receiver.refusals.isEmpty, "\(receiver.refusals)")
        try #require(receiver.requests.count == 1)
        let text = try target.service.visibleText(#require(receiver.requests.first))
        #expect(text.contains("3 new items"), "\(text)")
        for article in Self.articles { #expect(text.contains(article.title), "\(text)") }
    }
}
