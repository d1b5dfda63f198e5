import FeedStore
import Foundation
import Testing
import TestSupport

/// The outbound-address rule through the real binary: a feed on 127.0.0.1 whose articles name
/// comment feeds on another loopback host (`localhost`, standing in for an admin service on the
/// operator's network) makes no request there, unless `allow_private_networks` says so.
@Suite(.serialized) struct OutboundAddressTests {
    static let articles = 5

    /// A configured feed whose comment feeds point at `admin`'s paths under the host name `localhost`.
    static func serveFeedNamingAdminComments(_ site: ConditionalSite, admin: FeedServer) {
        let items = (1...articles).map { number in
            TestArticle(guid: "p\(number)", title: "Artikel \(number)", content: "<p>\(number)</p>",
                        commentsFeed: admin.url("/admin/\(number)").replacingOccurrences(of: "127.0.0.1", with: "localhost"))
        }
        site.serve("/feed", items)
        for number in 1...articles {
            admin.set("/admin/\(number)", TestFeed.rss(items: [TestArticle(guid: "c\(number)", title: "Kommentar")]))
        }
    }

    static func adminRequests(_ admin: FeedServer) -> Int {
        (1...articles).map { admin.requests(for: "/admin/\($0)") }.reduce(0, +)
    }

    /// Runs `feedd fetch --all` on that site, with `allow_private_networks` set on the feed or not.
    static func fetch(allowPrivateNetworks: Bool) throws -> (run: CommandResult, adminRequests: Int, items: Int) {
        let site = try ConditionalSite()
        let admin = try FeedServer()
        defer { admin.stop() }
        serveFeedNamingAdminComments(site, admin: admin)
        try site.writeConfig(feeds: """
            [[feed]]
            name = "blog"
            url = "\(site.server.url("/feed"))"
            comments_window = "36500d"
            allow_private_networks = \(allowPrivateNetworks)
            """)
        let run = try site.feedd(["fetch", "--all"])
        let items = try Store(path: site.databasePath).items(feedName: "blog", since: nil, limit: 10).count
        return (run, adminRequests(admin), items)
    }

    @Test func commentFeedsOnAnotherPrivateHostAreNeverRequested() throws {
        let (run, adminRequests, items) = try Self.fetch(allowPrivateNetworks: false)
        #expect(adminRequests == 0)
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.contains("refused to connect to"), "\(run.stderr)")
        #expect(items == Self.articles)
    }

    @Test func allowPrivateNetworksLetsAFeedReachItsLANCommentFeeds() throws {
        let (run, adminRequests, _) = try Self.fetch(allowPrivateNetworks: true)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(adminRequests == Self.articles)
    }
}
