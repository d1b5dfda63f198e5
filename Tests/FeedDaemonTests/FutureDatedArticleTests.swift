import FeedModel
import FeedStore
import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// An article dated in the future counts as published when feedd first saw it, so its comment
/// feed ages and retires like any other instead of being polled at `min_interval` for ever.
@Suite(.serialized) struct FutureDatedArticleTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theCommentFeedOfAFutureDatedArticleRetiresWhenTheWindowAfterItsFirstSightingCloses() async throws {
        let server = try StaticSiteServer()
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        server.set("/feed", text: """
            <rss version="2.0" xmlns:wfw="http://wellformedweb.org/CommentAPI/"><channel><title>Site</title>
            <link>\(server.baseURL)</link><description>d</description>
            <item><title>post</title><link>\(server.url("/post"))</link><guid>post</guid>
            <pubDate>\(RFC822.format(Self.start.addingTimeInterval(10 * 365 * 86_400)))</pubDate>
            <wfw:commentRss>\(server.url("/post/feed"))</wfw:commentRss></item></channel></rss>
            """)
        server.set("/post/feed", text: #"<rss version="2.0"><channel><title>c</title></channel></rss>"#)
        let runtime = try Runtime(config: ConfigLoader.parse(text: """
            [daemon]
            database = "feedd.sqlite"
            [[feed]]
            url = "\(server.url("/feed"))"
            name = "site"
            comments_window = "7d"
            """, path: directory.path("feedd.toml")), now: Self.start)
        let main = try #require(try runtime.store.feeds().first { $0.kind == .main })
        _ = await runtime.refresher.refresh(main, now: Self.start)
        let comments = try #require(try runtime.store.feeds().first { $0.url == server.url("/post/feed") })

        let old = await runtime.refresher.refresh(comments, now: Self.start.addingTimeInterval(8 * 86_400))
        guard case .retired(let reason) = old.status else { Issue.record("expected retirement, got \(old.status)"); return }
        #expect(reason.contains("comment window closed"))
    }
}
