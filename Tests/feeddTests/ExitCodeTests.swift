import Foundation
import Testing
import TestSupport

/// Exit codes as documented: 0 fine, 1 some feed or delivery failed, 2 usage or config error;
/// and `feedd hooks test NAME`.
@Suite(.serialized) struct ExitCodeTests {
    @Test func usageErrorsExitTwo() throws {
        for arguments in [["items", "--limit", "abc"], ["nosuch"], ["status", "--bogus"], ["items", "--limit", "0"]] {
            let run = try CommandRunner.run(Fixtures.feeddExecutable, arguments + ["--config", "/nonexistent/feedd.toml"])
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(!run.stderr.isEmpty)
        }
    }

    static func failingHook(_ site: DaemonSite) throws -> String {
        """
        [[hook]]
        name = "broken"
        exec = ["\(try site.script("fail", "cat >/dev/null; echo 'mail server down' >&2; exit 3"))"]
        max_attempts = 1

        """
    }

    @Test func fetchExitsOneWhenADeliveryWasParked() throws {
        let site = try DaemonSite()
        site.server.set("/feed", TestFeed.rss(items: [TestArticle(guid: "1", title: "Eins")]))
        try site.writeConfig(site.feedTable("news", path: "/feed", "notify_backlog = true\nfollow_comments = false")
            + Self.failingHook(site))
        let run = try site.feedd(["fetch"])
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("1 failed"), "\(run.stdout)")
    }

    @Test func retryingAnUnknownDeliveryExitsTwo() throws {
        let site = try DaemonSite()
        try site.writeConfig(site.feedTable("news", path: "/feed"))
        let run = try site.feedd(["hooks", "retry", "999"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no failed delivery with id 999"))
    }

    @Test func discoverOnAPageWithoutFeedsSaysSo() throws {
        let run = try CommandRunner.run(Fixtures.feeddExecutable,
                                        ["parse", "--discover", Fixtures.url("discovery/no-feeds.html").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("advertises no feed"))
    }

    @Test func aMissingOPMLFileIsNamedInWords() throws {
        let site = try DaemonSite()
        try site.writeConfig(site.feedTable("news", path: "/feed"))
        let run = try site.feedd(["import-opml", site.directory.path("missing.opml")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("missing.opml: no such file"), "\(run.stderr)")
    }

    @Test func hooksTestSendsTheSampleEventToTheHook() throws {
        let site = try DaemonSite()
        try site.writeConfig(site.feedTable("news", path: "/feed") + site.recorderTable("recorder"))
        let run = try site.feedd(["hooks", "test", "recorder"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("delivered"))
        let deliveries = try site.deliveries(of: "recorder")
        #expect(deliveries.count == 1)
        #expect(deliveries.first?.item["title"] as? String == "feedd test event")
        #expect((deliveries.first?.payload["feed"] as? [String: Any])?["name"] as? String == "news")
    }

    @Test func hooksTestShowsAFailingHooksAnswer() throws {
        let site = try DaemonSite()
        try site.writeConfig(site.feedTable("news", path: "/feed") + Self.failingHook(site))
        let run = try site.feedd(["hooks", "test", "broken"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("hook broken: failed"), "\(run.stderr)")
    }

    @Test func hooksTestOfAnUnknownHookExitsTwo() throws {
        let site = try DaemonSite()
        try site.writeConfig(site.feedTable("news", path: "/feed"))
        let run = try site.feedd(["hooks", "test", "nosuch"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no hook named \"nosuch\""))
    }
}
