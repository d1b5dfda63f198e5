import FeedStore
import Foundation
import Testing
import TestSupport

/// A loopback site that answers conditional GETs (ETag, 304), a config with a recording hook,
/// and the real `feedd` binary: what the store does over several runs of a command.
final class ConditionalSite {
    let server: StaticSiteServer
    let directory: TemporaryDirectory
    var configPath: String { directory.path("feedd.toml") }
    var databasePath: String { directory.path("feedd.sqlite") }
    var hookOutput: String { directory.path("deliveries") }

    init() throws {
        server = try StaticSiteServer()
        directory = try TemporaryDirectory(prefix: "feedd-store")
        try FileManager.default.createDirectory(atPath: hookOutput, withIntermediateDirectories: true)
    }

    deinit { server.stop() }

    /// Serves an RSS feed of `items` at `path`.
    func serve(_ path: String, _ items: [TestArticle]) {
        server.set(path, text: TestFeed.rss(items: items), contentType: "application/rss+xml; charset=utf-8")
    }

    /// Writes the config: the `[[feed]]` tables, then a hook that records every delivery as a file.
    func writeConfig(feeds: String) throws {
        let hook = directory.path("record-hook")
        try """
        #!/bin/sh
        f=$(mktemp "$HOOK_OUT/delivery.XXXXXX")
        cat > "$f"
        """.write(toFile: hook, atomically: true, encoding: .utf8)
        chmod(hook, 0o755)
        try """
        [daemon]
        database = "feedd.sqlite"
        interval = "15m"
        min_interval = "1m"

        \(feeds)

        [[hook]]
        name = "recorder"
        exec = ["\(hook)"]
        events = ["new", "comment"]
        env = { HOOK_OUT = "\(hookOutput)" }
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Runs the real `feedd` binary on this site's config.
    func feedd(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run(Fixtures.feeddExecutable, arguments + ["--config", configPath], timeout: 30)
    }

    /// The titles of the items the hook received, in no particular order.
    func deliveredTitles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: hookOutput).map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: hookOutput).appendingPathComponent(name))
            let payload = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            return (payload["item"] as? [String: Any])?["title"] as? String ?? ""
        }
    }
}

/// Retention and config sync through the real binary.
@Suite(.serialized) struct StoreHardeningTests {
    static let first = TestArticle(guid: "p1", title: "Erster Artikel", content: "<p>eins</p>")
    static let second = TestArticle(guid: "p2", title: "Zweiter Artikel", content: "<p>zwei</p>")
    static let third = TestArticle(guid: "p3", title: "Dritter Artikel", content: "<p>drei</p>")

    /// `keep` shorter than the time between two posts of a feed with an ETag: the 304s in between
    /// keep what it lists, and the next post fires once, alone.
    @Test func aFeedAnsweringNotModifiedLongerThanKeepFiresOnlyItsNewPost() throws {
        let site = try ConditionalSite()
        site.serve("/feed", [Self.second, Self.first])
        try site.writeConfig(feeds: """
            [[feed]]
            name = "blog"
            url = "\(site.server.url("/feed"))"
            keep = "1s"
            follow_comments = false
            """)
        let backlog = try site.feedd(["fetch", "--all"])
        #expect(backlog.status == 0, "\(backlog.stderr)")
        // Longer than `keep`, so retention at the end of the next fetch looks at both items.
        Thread.sleep(forTimeInterval: 2.5)
        let notModified = try site.feedd(["fetch", "--all"])
        #expect(notModified.status == 0 && notModified.stdout.contains("1 not modified"), "\(notModified.stdout)")

        site.serve("/feed", [Self.third, Self.second, Self.first])
        let post = try site.feedd(["fetch", "--all"])
        #expect(post.status == 0, "\(post.stderr)")
        #expect(try site.deliveredTitles() == [Self.third.title])
        #expect(try Store(path: site.databasePath).items(feedName: "blog", since: nil, limit: 10).count == 3)
    }

    /// A URL first registered as an article's comment feed, then configured as a main feed.
    @Test func everyCommandKeepsWorkingAfterACommentFeedTookAConfiguredURL() throws {
        let site = try ConditionalSite()
        let talk = site.server.url("/p1/comments")
        var article = Self.first
        article.commentsFeed = talk
        site.serve("/feed", [article])
        site.serve("/p1/comments", [TestArticle(guid: "c1", title: "Von: Sabine", content: "<p>gut</p>")])
        let blog = """
            [[feed]]
            name = "blog"
            url = "\(site.server.url("/feed"))"
            """
        try site.writeConfig(feeds: blog)
        #expect(try site.feedd(["fetch", "--all"]).status == 0)

        try site.writeConfig(feeds: blog + """


            [[feed]]
            name = "talk"
            url = "\(talk)"
            """)
        for command in [["list"], ["status"], ["items"], ["hooks"], ["export-opml"], ["fetch", "--all"]] {
            let result = try site.feedd(command)
            #expect(result.status == 0, "feedd \(command.joined(separator: " ")): \(result.stderr)")
        }
        let feeds = try Store(path: site.databasePath).feeds()
        let adopted = try #require(feeds.first { $0.url == talk })
        #expect(adopted.kind == .main && adopted.name == "talk" && adopted.isActive)
        #expect(feeds.filter { $0.url == talk }.count == 1)
        #expect(try site.deliveredTitles().isEmpty)
    }
}
