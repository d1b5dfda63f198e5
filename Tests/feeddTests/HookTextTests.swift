import Foundation
import Testing
import TestSupport

/// Item text is data: whatever a feed puts in a title or body reaches the hook's stdin unchanged,
/// and never a shell.
@Suite(.serialized) struct HookTextTests {
    @Test func shellMetacharactersQuotesNewlinesAndNonASCIIArriveByteForByteAndRunNothing() throws {
        let site = try DaemonSite()
        let folder = site.directory.url.path + "/"
        let canary = site.directory.path("canary")
        try Data("still here".utf8).write(to: URL(fileURLWithPath: canary))
        let title = """
        $(touch \(folder)pwned-dollar) `touch \(folder)pwned-backtick`; touch \(folder)pwned-semicolon \
        && rm -rf \(canary) | touch \(folder)pwned-pipe ' "; touch \(folder)pwned-quote " '
        touch \(folder)pwned-newline — Grüße aus München, 日本語, 🚀 %s %n $HOME \\ \\n
        """
        let content = """
        <p>$(rm -rf \(canary)) `touch \(folder)pwned-body`</p>
        <p>"double" 'single' \\"escaped\\" ; touch \(folder)pwned-body-semicolon &amp; &lt;tag&gt;</p>
        	tab, Ünïcödé ✓, ＦＵＬＬＷＩＤＴＨ, \u{200B}zero width, 🇩🇪
        """
        site.server.set("/feed", TestFeed.rss(items: [TestArticle(guid: "meta", title: title, content: content)]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true")
            + site.recorderTable("recorder"))
        let daemon = try site.startDaemon()
        defer { daemon.kill() }

        try #require(eventually { site.deliveryCount(of: "recorder") >= 1 }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
        let delivery = try #require(try site.deliveries(of: "recorder").first)
        #expect(delivery.item["title"] as? String == title)
        #expect(delivery.item["content_html"] as? String == content)
        let created = try FileManager.default.contentsOfDirectory(atPath: site.directory.url.path).filter { $0.hasPrefix("pwned") }
        #expect(created.isEmpty)
        #expect(FileManager.default.fileExists(atPath: canary))
    }
}
