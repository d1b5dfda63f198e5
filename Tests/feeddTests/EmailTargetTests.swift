import FeedStore
import Foundation
import Testing
import TestSupport

/// `email` hooks of the real `feedd run`, sending through libcurl's SMTP to a real SMTP server
/// (aiosmtpd) on loopback.
@Suite(.serialized) struct EmailTargetTests {
    static let article = TestArticle(guid: "a1", title: "Grüße aus dem Norden — 10 € & mehr",
                                     content: "<p>Erste Zeile des Artikels</p>")
    static let articleURL = "http://example.org/a1"

    func site(_ smtp: SMTPReceiver, _ extra: String = "") throws -> DaemonSite {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [Self.article]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true") + """
        [[hook]]
        name = "mail"
        email = "\(smtp.url)"
        from = "feedd@example.org"
        to = ["me@example.org", "you@example.org"]
        \(extra)
        """)
        return site
    }

    @Test func oneNewArticleSendsOneMailWithAnEncodedSubjectAndTextAndHTMLParts() throws {
        let smtp = try SMTPReceiver()
        let site = try site(smtp)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        let mails = smtp.mails
        try #require(mails.count == 1)
        let mail = mails[0]
        #expect(mail.mailFrom == "feedd@example.org")
        #expect(mail.recipients == ["me@example.org", "you@example.org"])
        #expect(mail.subject == "[news] \(Self.article.title)")
        #expect(mail.isAllASCII)
        #expect(mail.contentType == "multipart/alternative")
        #expect(mail.parts["text/plain"]?.contains(Self.articleURL) == true)
        #expect(mail.parts["text/plain"]?.contains("Erste Zeile des Artikels") == true)
        #expect(mail.parts["text/html"]?.contains("<a href=\"\(Self.articleURL)\">Grüße aus dem Norden — 10 € &amp; mehr</a>") == true)
        let delivery = try #require(try Store(path: site.databasePath).outbox(state: .all).first)
        #expect(mail.messageID == "<feedd.\(delivery.deliveryID)@example.org>")
    }

    @Test func aMailTheServerRefusesIsRetriedWithTheSameMessageID() throws {
        let smtp = try SMTPReceiver(refuse: 1)
        let site = try site(smtp, "retry_base = \"1s\"")
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(daemon.lines(containing: "attempt 1 failed").first?.contains("451") == true, "\(daemon.log)")
        #expect(smtp.mails.count == 1)
        let delivery = try #require(try Store(path: site.databasePath).outbox(state: .all).first)
        #expect(delivery.attempts == 2)
        #expect(smtp.mails.first?.messageID == "<feedd.\(delivery.deliveryID)@example.org>")
    }

    @Test func credentialsFromAPasswordFileAuthenticate() throws {
        let smtp = try SMTPReceiver(user: "feedd", password: "pa55 word")
        let site = try site(smtp, "username = \"feedd\"\npassword_file = \"smtp-password\"")
        try "pa55 word\n".write(toFile: site.directory.path("smtp-password"), atomically: true, encoding: .utf8)
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("1 delivered"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(smtp.mails.first?.login == "feedd")
    }

    @Test func aWrongPasswordParksTheDeliveryWhereFeeddHooksShowsItWithoutThePassword() throws {
        let smtp = try SMTPReceiver(user: "feedd", password: "right")
        let site = try site(smtp, "username = \"feedd\"\npassword = \"wrong-secret\"\nmax_attempts = 1")
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(daemon.waitForLog("parked after 1 attempts"), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(smtp.mails.isEmpty)
        let listed = try site.feedd(["hooks"])
        #expect(listed.stdout.contains("0 pending, 1 failed"), "\(listed.stdout)")
        let row = try #require(listed.stdout.split(separator: "\n").first { $0.contains("mail") }, "\(listed.stdout)")
        #expect(row.contains("email: smtp: \(smtp.url)"))
        #expect(!listed.stdout.contains("wrong-secret"))
    }
}
