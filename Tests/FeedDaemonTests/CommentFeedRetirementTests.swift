import FeedModel
import FeedStore
import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// The comment-feed lifecycle through the real refresh path: loopback HTTP, libxml2, SQLite.
@Suite(.serialized) struct CommentFeedRetirementTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func mainFeed(_ server: StaticSiteServer, articles: [String]) -> String {
        let items = articles.map { slug in
            """
            <item><title>\(slug)</title><link>\(server.url("/\(slug)"))</link><guid>\(slug)</guid>
            <pubDate>\(RFC822.format(start.addingTimeInterval(-3600)))</pubDate>
            <wfw:commentRss>\(server.url("/\(slug)/feed"))</wfw:commentRss></item>
            """
        }.joined()
        return """
        <rss version="2.0" xmlns:wfw="http://wellformedweb.org/CommentAPI/"><channel><title>Site</title>
        <link>\(server.baseURL)</link><description>d</description>\(items)</channel></rss>
        """
    }

    static func runtime(_ server: StaticSiteServer, directory: TemporaryDirectory, window: String) throws -> Runtime {
        let text = """
        [daemon]
        database = "feedd.sqlite"
        [[feed]]
        url = "\(server.url("/feed"))"
        name = "site"
        comments_window = "\(window)"
        """
        return try Runtime(config: ConfigLoader.parse(text: text, path: directory.path("feedd.toml")), now: start)
    }

    /// A site whose feed lists one article, `slug`, with an empty comment feed; the main feed
    /// refreshed once at `start`. The store's folder is returned to be kept for the test's length.
    static func siteWithOneArticle(_ slug: String, window: String) async throws
        -> (StaticSiteServer, TemporaryDirectory, Runtime, FeedRecord) {
        let server = try StaticSiteServer()
        let directory = try TemporaryDirectory()
        server.set("/feed", text: Self.mainFeed(server, articles: [slug]))
        server.set("/\(slug)/feed", text: #"<rss version="2.0"><channel><title>c</title></channel></rss>"#)
        let runtime = try Self.runtime(server, directory: directory, window: window)
        let main = try #require(try runtime.store.feeds().first { $0.kind == .main })
        _ = await runtime.refresher.refresh(main, now: Self.start)
        return (server, directory, runtime, main)
    }

    static func commentFeed(_ runtime: Runtime, slug: String, server: StaticSiteServer) throws -> FeedRecord? {
        try runtime.store.feeds().first { $0.url == server.url("/\(slug)/feed") }
    }

    @Test func commentFeedOfAnArticleThatLeftItsFeedAndWentQuietIsRetired() async throws {
        let server = try StaticSiteServer()
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        server.set("/feed", text: Self.mainFeed(server, articles: ["kept", "gone"]))
        for slug in ["kept", "gone"] {
            server.set("/\(slug)/feed", text: #"<rss version="2.0"><channel><title>c</title></channel></rss>"#)
        }
        let runtime = try Self.runtime(server, directory: directory, window: "30d")
        let main = try #require(try runtime.store.feeds().first { $0.kind == .main })
        _ = await runtime.refresher.refresh(main, now: Self.start)

        server.set("/feed", text: Self.mainFeed(server, articles: ["kept"]))
        let later = Self.start.addingTimeInterval(86_400)
        _ = await runtime.refresher.refresh(try #require(try runtime.store.feed(id: main.id)), now: later)

        let quiet = Self.start.addingTimeInterval(3 * 86_400)
        let gone = try #require(try Self.commentFeed(runtime, slug: "gone", server: server))
        let kept = try #require(try Self.commentFeed(runtime, slug: "kept", server: server))
        let goneOutcome = await runtime.refresher.refresh(gone, now: quiet)
        let keptOutcome = await runtime.refresher.refresh(kept, now: quiet)

        guard case .retired = goneOutcome.status else { Issue.record("expected retirement, got \(goneOutcome.status)"); return }
        #expect(keptOutcome.status == .fetched || keptOutcome.status == .notModified)
        #expect(try runtime.store.feed(id: gone.id)?.isActive == false)
        #expect(try runtime.store.feed(id: kept.id)?.isActive == true)
    }

    /// The feed's last listing is its last ingest (`feeds.last_listed_at`), not the newest sighting
    /// among its items: a feed that now lists nothing has still listed, and its articles are gone.
    @Test func commentFeedOfAnArticleWhoseFeedNowListsNothingIsRetiredOnceQuiet() async throws {
        let (server, directory, runtime, main) = try await Self.siteWithOneArticle("gone", window: "30d")
        defer { withExtendedLifetime(directory) {} }
        defer { server.stop() }

        server.set("/feed", text: Self.mainFeed(server, articles: []))
        let emptied = await runtime.refresher.refresh(try #require(try runtime.store.feed(id: main.id)),
                                                      now: Self.start.addingTimeInterval(86_400))
        try #require(emptied.status == .fetched)

        let gone = try #require(try Self.commentFeed(runtime, slug: "gone", server: server))
        let outcome = await runtime.refresher.refresh(gone, now: Self.start.addingTimeInterval(3 * 86_400))
        guard case .retired = outcome.status else { Issue.record("expected retirement, got \(outcome.status)"); return }
        #expect(try runtime.store.feed(id: gone.id)?.isActive == false)
    }

    @Test func commentFeedIsRetiredOnceItsArticleIsOlderThanTheWindow() async throws {
        let (server, directory, runtime, _) = try await Self.siteWithOneArticle("post", window: "7d")
        defer { withExtendedLifetime(directory) {} }
        defer { server.stop() }
        let comments = try #require(try Self.commentFeed(runtime, slug: "post", server: server))

        let young = await runtime.refresher.refresh(comments, now: Self.start.addingTimeInterval(86_400))
        #expect(young.status == .fetched)
        let old = await runtime.refresher.refresh(comments, now: Self.start.addingTimeInterval(8 * 86_400))
        guard case .retired(let reason) = old.status else { Issue.record("expected retirement, got \(old.status)"); return }
        #expect(reason.contains("comment window closed"))
    }
}

/// RFC 822 dates for the generated feeds.
enum RFC822 {
    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
