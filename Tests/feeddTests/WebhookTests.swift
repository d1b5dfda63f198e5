import FeedModel
import FeedStore
import Foundation
import Testing
import TestSupport

/// `webhook` hooks of the real `feedd run`, posting to a loopback receiver.
@Suite(.serialized) struct WebhookTests {
    static let article = TestArticle(guid: "a1", title: "Grüße an den Webhook", content: "<p>Text & \"mehr\"</p>")
    static let secret = "s3cret with spaces & ümlaut"

    func site(receiver: WebhookReceiver) throws -> DaemonSite {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.article]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true") + """
        [[hook]]
        name = "chat"
        webhook = "\(receiver.url("/hook"))"
        secret = "\(Self.secret)"
        retry_base = "1s"
        """)
        return site
    }

    @Test func webhookCarriesEventDeliveryIdJSONAndAnHMACSignatureOfTheBody() throws {
        let receiver = try WebhookReceiver()
        let site = try site(receiver: receiver)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(eventually { receiver.requests.count >= 1 }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
        let request = try #require(receiver.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/hook")
        let delivery = try HookDelivery(raw: request.body)
        #expect(delivery.event == "new")
        #expect(delivery.item["title"] as? String == Self.article.title)
        #expect(delivery.item["content_html"] as? String == Self.article.content)
        #expect(request.headers["X-Feedd-Event"] == "new")
        #expect(request.headers["X-Feedd-Delivery"] == delivery.deliveryID)
        #expect(request.headers["Content-Type"]?.hasPrefix("application/json") == true)
        let expected = "sha256=" + SHA256.hexString(SHA256.hmac(key: Array(Self.secret.utf8), message: request.body))
        #expect(request.headers["X-Feedd-Signature"] == expected)
        #expect(receiver.requests.count == 1)
    }

    @Test func webhookAnswering500IsRetriedWithTheSameDeliveryUntilItSucceeds() throws {
        let receiver = try WebhookReceiver(answering: [500])
        let site = try site(receiver: receiver)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(eventually { receiver.requests.count >= 2 }, "\(daemon.log)")
        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        let requests = receiver.requests
        #expect(requests.count == 2)
        #expect(requests[0].headers["X-Feedd-Delivery"] == requests[1].headers["X-Feedd-Delivery"])
        #expect(requests[0].body == requests[1].body)
        #expect(daemon.lines(containing: "attempt 1 failed").first?.contains("HTTP 500") == true)
        let rows = try Store(path: site.databasePath).outbox(state: .all)
        #expect(rows.count == 1)
        #expect(rows.first?.attempts == 2)
        #expect(rows.first?.deliveredAt != nil)
    }
}
