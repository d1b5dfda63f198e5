import FeedStore
import Foundation
import Testing
import TestSupport

/// `feedd init`, `add` on a fresh account, `remove`, `pause` and `resume`, through the real binary.
@Suite(.serialized) struct ConfigCommandTests {
    static func feedd(_ arguments: [String], environment: [String: String]? = nil) throws -> CommandResult {
        try CommandRunner.run(Fixtures.feeddExecutable, arguments, environment: environment, timeout: 30)
    }

    static let twoFeeds = """
    [daemon]
    database = "feedd.sqlite"
    # the daemon's own comment

    [[feed]]
    # about news
    url = "URL/news"
    name = "news"
    tags = [
      "a",
    ]
    # after news

    [[feed]]
    url = "URL/other"
    name = "other"
    """

    @Test func initWritesTheCommentedExampleThatLoadsWithNoFeeds() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("sub/feedd.toml")
        let run = try Self.feedd(["init", "--config", path])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("# [[feed]]"))
        #expect(text.contains("# min_interval") || text.contains("min_interval = "))
        let check = try Self.feedd(["check-config", "--config", path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("(0 feeds"))
    }

    @Test func initRefusesToOverwriteAFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("feedd.toml")
        try "# mine\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Self.feedd(["init", "--config", path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "# mine\n")
    }

    @Test func addCreatesTheConfigWhenThereIsNone() throws {
        let site = try StaticSiteServer()
        site.set("/feed", text: TestFeed.rss(title: "Neu", items: [TestArticle(guid: "1", title: "Eins")]),
                 contentType: "application/rss+xml")
        let directory = try TemporaryDirectory()
        let path = directory.path("fresh/feedd.toml")
        let run = try Self.feedd(["add", site.url("/feed"), "--name", "neu", "--config", path])
        #expect(run.status == 0, "\(run.stderr)")
        let check = try Self.feedd(["check-config", "--config", path])
        #expect(check.stdout.contains("(1 feeds"), "\(check.stdout) \(check.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("# [[hook]]"))
    }

    @Test func removeTakesOutOneFeedAndKeepsEveryComment() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("feedd.toml")
        try Self.twoFeeds.replacingOccurrences(of: "URL", with: "http://127.0.0.1:9")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Self.feedd(["remove", "news", "--config", path])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("name = \"news\"") && !text.contains("\"a\","))
        #expect(text.contains("# the daemon's own comment") && text.contains("# after news"))
        #expect(text.contains("name = \"other\""))
        let list = try Self.feedd(["list", "--config", path])
        #expect(list.stdout.split(separator: "\n").count == 1)
    }

    @Test func anUnknownFeedNameIsAUsageError() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("feedd.toml")
        try Self.twoFeeds.replacingOccurrences(of: "URL", with: "http://127.0.0.1:9")
            .write(toFile: path, atomically: true, encoding: .utf8)
        for command in ["remove", "pause", "resume"] {
            let run = try Self.feedd([command, "nosuch", "--config", path])
            #expect(run.status == 2, "\(command)")
            #expect(run.stderr.contains("no feed named \"nosuch\""), "\(command): \(run.stderr)")
        }
    }

    @Test func aPausedFeedIsNotPolledAndResumeBringsItBack() throws {
        let site = try DaemonSite()
        site.server.set("/news", TestFeed.rss(items: [TestArticle(guid: "1", title: "Eins")]))
        site.server.set("/other", TestFeed.rss(items: [TestArticle(guid: "2", title: "Zwei")]))
        let base = String(site.server.url("/news").dropLast("/news".count))
        try Self.twoFeeds.replacingOccurrences(of: "URL", with: base)
            .write(toFile: site.configPath, atomically: true, encoding: .utf8)

        let pause = try site.feedd(["pause", "news"])
        #expect(pause.status == 0, "\(pause.stderr)")
        #expect(try String(contentsOfFile: site.configPath, encoding: .utf8).contains("# about news"))
        #expect(try site.feedd(["fetch", "--all"]).status == 0)
        #expect(site.server.requests(for: "/news") == 0)
        #expect(site.server.requests(for: "/other") == 1)
        let status = try site.feedd(["status"]).stdout
        #expect(status.split(separator: "\n").contains { $0.hasPrefix("news ") && $0.contains("paused") }, "\(status)")

        let resume = try site.feedd(["resume", "news"])
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(!(try String(contentsOfFile: site.configPath, encoding: .utf8).contains("paused")))
        #expect(try site.feedd(["fetch"]).status == 0)
        #expect(site.server.requests(for: "/news") == 1)
    }

    @Test func resumeBringsBackAFeedRetiredByGone() throws {
        let site = try DaemonSite()
        site.server.set("/news", TestFeed.rss(items: [TestArticle(guid: "1", title: "Eins")]))
        try site.writeConfig(site.feedTable("news", path: "/news"))
        try #require(try site.feedd(["fetch"]).status == 0)
        let store = try Store(path: site.databasePath)
        let feed = try #require(try store.feeds().first { $0.name == "news" })
        try store.retireFeed(feedID: feed.id, reason: "410 Gone from \(feed.url), 3 times in a row since 2026-01-01T00:00:00Z")

        let resume = try site.feedd(["resume", "news"])
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(resume.stdout.contains("410 Gone"))
        #expect(try store.feed(id: feed.id)?.isActive == true)
        #expect(try site.feedd(["fetch"]).status == 0)
        #expect(site.server.requests(for: "/news") == 2)
    }
}
