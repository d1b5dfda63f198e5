import FeedStore
import Foundation
import Testing
import TestSupport

/// The built-in targets under the real `feedd run`, each posting to a loopback stand-in of its
/// service that checks the request as the service would.
@Suite(.serialized) struct NotificationTargetTests {
    static let article = TestArticle(guid: "a1", title: "Grüße aus dem Norden", content: "<p>Erste Zeile des Artikels</p>")
    static let articleURL = "http://example.org/a1"

    func site(_ target: NotificationServices.Target, _ receiver: ServiceReceiver, _ extra: String = "") throws -> DaemonSite {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.article]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true") + """
        [[hook]]
        name = "phone"
        \(target.keys(receiver))
        \(extra)
        """)
        return site
    }

    @Test(arguments: NotificationServices.all)
    func oneNewArticleGivesExactlyOneRequestWithItsTitleAndURL(_ target: NotificationServices.Target) throws {
        let receiver = try ServiceReceiver(target.service)
        let site = try site(target, receiver)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(receiver.refusals.isEmpty, "\(receiver.refusals)")
        #expect(receiver.requests.count == 1)
        let text = try target.service.visibleText(#require(receiver.requests.first))
        #expect(text.contains(Self.article.title), "\(text)")
        #expect(text.contains(Self.articleURL), "\(text)")
        #expect(text.contains("Erste Zeile des Artikels"), "\(text)")
    }

    @Test(arguments: NotificationServices.all)
    func a500IsRetriedWithTheSameIdempotencyKey(_ target: NotificationServices.Target) throws {
        let receiver = try ServiceReceiver(target.service, answering: [.serverError])
        let site = try site(target, receiver, "retry_base = \"1s\"")
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        let requests = receiver.requests
        try #require(requests.count == 2, "\(receiver.refusals)")
        let first = try #require(target.service.idempotencyKey(requests[0]))
        #expect(target.service.idempotencyKey(requests[1]) == first)
        #expect(requests[0].body == requests[1].body)
        let rows = try Store(path: site.databasePath).outbox(state: .all)
        #expect(rows.map(\.attempts) == [2])
        #expect(rows.first?.deliveryID == requests[0].headers["X-Feedd-Delivery"])
    }

    @Test(arguments: NotificationServices.all)
    func a429IsRetriedAfterTheRetryAfterTheServiceAskedFor(_ target: NotificationServices.Target) throws {
        // With a retry base of an hour, only the service's Retry-After brings the retry within the test.
        let receiver = try ServiceReceiver(target.service, answering: [.tooManyRequests(retryAfter: 1)])
        let site = try site(target, receiver, "retry_base = \"1h\"")
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(receiver.requests.count == 2)
        #expect(daemon.lines(containing: "attempt 1 failed").first?.contains("HTTP 429") == true)
    }

    @Test(arguments: NotificationServices.all)
    func aParkedDeliveryShowsInFeeddHooksWithoutTheSecret(_ target: NotificationServices.Target) throws {
        let receiver = try ServiceReceiver(target.service, answering: [.serverError])
        let site = try site(target, receiver, "max_attempts = 1")
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("parked after 1 attempts"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(!daemon.log.contains(target.secret))
        let listed = try site.feedd(["hooks"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("0 pending, 1 failed"), "\(listed.stdout)")
        let row = try #require(listed.stdout.split(separator: "\n").first { $0.contains("phone") }, "\(listed.stdout)")
        #expect(row.contains(Self.article.title))
        #expect(row.contains("\(target.kind): "))
        #expect(row.contains("500"))
        #expect(!listed.stdout.contains(target.secret))
    }
}

/// Hook `template`s under the real daemon.
@Suite(.serialized) struct NotificationTemplateTests {
    static let article = NotificationTargetTests.article

    func site(_ hook: String) throws -> DaemonSite {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.article]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true") + hook)
        return site
    }

    @Test func aWebhookTemplateWithContentTypeIsTheBodyAndItsType() throws {
        let receiver = try WebhookReceiver()
        let site = try site("""
        [[hook]]
        name = "plain"
        webhook = "\(receiver.url("/hook"))"
        template = "{{feed.name}}: {{item.title}} <{{item.url}}>"
        content_type = "text/plain; charset=utf-8"
        """)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        let request = try #require(receiver.requests.first)
        #expect(String(decoding: request.body, as: UTF8.self) == "news: \(Self.article.title) <http://example.org/a1>")
        #expect(request.headers["Content-Type"] == "text/plain; charset=utf-8")
    }

    @Test func aTargetTemplateReplacesTheTargetsText() throws {
        let receiver = try ServiceReceiver(NotificationServices.slack.service)
        let site = try site("""
        [[hook]]
        name = "chat"
        \(NotificationServices.slack.keys(receiver))
        template = "New in {{feed.name}}: <{{item.url}}|{{item.title}}>"
        """)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        let text = try #require(receiver.requests.first).body
        let json = try #require(try JSONSerialization.jsonObject(with: text) as? [String: Any])
        #expect(json["text"] as? String == "New in news: <http://example.org/a1|\(Self.article.title)>")
    }
}

/// `feedd hooks log`: recent deliveries with their result and the target's answer.
@Suite(.serialized) struct HooksLogTests {
    @Test func hooksLogShowsDeliveredAndParkedDeliveriesAndFiltersByHook() throws {
        let phone = try ServiceReceiver(NotificationServices.ntfy.service)
        let chat = try ServiceReceiver(NotificationServices.slack.service, answering: [.serverError])
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [NotificationTargetTests.article]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true") + """
        [[hook]]
        name = "phone"
        \(NotificationServices.ntfy.keys(phone))

        [[hook]]
        name = "chat"
        \(NotificationServices.slack.keys(chat))
        max_attempts = 1
        """)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("parked after 1 attempts"), "\(daemon.log)")
        try #require(eventually { phone.requests.count == 1 }, "\(daemon.log)")
        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)

        let log = try site.feedd(["hooks", "log"])
        #expect(log.status == 0, "\(log.stderr)")
        let lines = log.stdout.split(separator: "\n")
        let delivered = try #require(lines.first { $0.contains("phone") }, "\(log.stdout)")
        #expect(delivered.contains("delivered"))
        #expect(delivered.contains(NotificationTargetTests.article.title))
        #expect(delivered.contains("HTTP 200"))
        let failed = try #require(lines.first { $0.contains("chat") }, "\(log.stdout)")
        #expect(failed.contains("failed"))
        #expect(failed.contains("HTTP 500"))
        #expect(!log.stdout.contains(NotificationServices.slackSecret))

        let filtered = try site.feedd(["hooks", "log", "--hook", "phone"])
        #expect(filtered.stdout.split(separator: "\n").count == 2, "\(filtered.stdout)")
        #expect(!filtered.stdout.contains("chat"))
    }
}
