import FeedModel
import FeedStore
import Foundation
import Synchronization
import Testing
import TestSupport

/// The real `feedd run` delivering to webhooks that redirect or stall: no event is lost to a
/// redirect that would drop its body, and a webhook's `timeout` bounds each delivery.
@Suite(.serialized) struct WebhookRedirectTests {
    static let article = TestArticle(guid: "r1", title: "Redirected", content: "<p>body</p>")

    /// Every request a handler saw, in order.
    final class Seen: Sendable {
        private let requests = Mutex<[HTTPTestRequest]>([])
        func add(_ request: HTTPTestRequest) { requests.withLock { $0.append(request) } }
        var all: [HTTPTestRequest] { requests.withLock { $0 } }
    }

    func site(hookURL: String, _ extra: String) throws -> DaemonSite {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.article]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true") + """
        [[hook]]
        name = "chat"
        webhook = "\(hookURL)"
        \(extra)
        """)
        return site
    }

    @Test func a301FromAWebhookIsParkedNamingTheRedirectAndNeverBecomesAGet() throws {
        let seen = Seen()
        let receiver = try HTTPTestServer { request in
            seen.add(request)
            return request.path == "/hook" ? .redirect(301, to: "/new-hook") : .ok("ok")
        }
        defer { receiver.stop() }
        let site = try site(hookURL: receiver.url("/hook"), "max_attempts = 1")
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("parked"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(seen.all.map(\.path) == ["/hook"])
        let rows = try Store(path: site.databasePath).outbox(state: .all)
        #expect(rows.count == 1)
        #expect(rows.first?.deliveredAt == nil)
        #expect(rows.first?.failedAt != nil)
        #expect(rows.first?.lastError?.contains("HTTP 301 redirect to \(receiver.url("/new-hook")) not followed") == true)
    }

    @Test func a307FromAWebhookDeliversThePostWithItsBody() throws {
        let seen = Seen()
        let receiver = try HTTPTestServer { request in
            seen.add(request)
            return request.path == "/hook" ? .redirect(307, to: "/new-hook") : .ok("ok")
        }
        defer { receiver.stop() }
        let site = try site(hookURL: receiver.url("/hook"), "max_attempts = 1")
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        let final = try #require(seen.all.last)
        #expect(final.path == "/new-hook" && final.method == "POST")
        #expect(try HookDelivery(raw: final.body).item["title"] as? String == Self.article.title)
    }

    @Test func aWebhooksTimeoutEndsADeliveryThatStalls() throws {
        let receiver = try HTTPTestServer { _ in HTTPTestResponse.ok("late").stalling(30) }
        defer { receiver.stop() }
        let site = try site(hookURL: receiver.url("/hook"), "timeout = \"1s\"\nmax_attempts = 1")
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("parked", timeout: 40), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        // libcurl names the total timeout that struck: the hook's 1 s, not the fetcher's low-speed cutoff.
        let parked = daemon.lines(containing: "parked").first ?? ""
        #expect(parked.contains("timed out after 1"), "\(parked)")
    }
}
