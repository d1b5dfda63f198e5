import FeedModel
import FeedStore
import Foundation
import Testing

/// What the read-only commands ask: listings, the status table.
@Suite struct QueryContractTests {
    private typealias F = ContractFixture

    @Test(arguments: StoreKind.allCases)
    func itemsAreListedNewestFirstByTheirOwnDate(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        try fixture.ingest(id, [F.article(3), F.article(1), F.article(2)])
        #expect(try fixture.store.items(feedName: "news", since: nil, limit: 10).compactMap(\.entry.title)
                == ["Article 1", "Article 2", "Article 3"])
        #expect(try fixture.store.items(feedName: nil, since: fixture.at(-7200), limit: 10).count == 2)
        #expect(try fixture.store.items(feedName: "other", since: nil, limit: 10).isEmpty)
        #expect(try fixture.store.items(feedName: nil, since: nil, limit: 1).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func listedCommentsAreFilteredByTheirArticlesFeed(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let result = try fixture.ingest(id, [F.article(1, comments: true)])
        let commentFeed = try #require(result.registeredCommentFeeds.first)
        try fixture.ingest(commentFeed.id, [F.comment(1), F.comment(2)], at: 120)
        let comments = try fixture.store.listedItems(ItemFilter(feedName: "news", comments: true))
        #expect(comments.count == 2 && comments.allSatisfy { $0.isComment && $0.articleURL == "https://news.example/article-1/" })
        let articles = try fixture.store.listedItems(ItemFilter(feedName: "news"))
        #expect(articles.map(\.item.entry.title) == ["Article 1"])
    }

    @Test(arguments: StoreKind.allCases)
    func statusRowsDescribeEachFeed(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let result = try fixture.ingest(id, [F.article(1, comments: true)])
        try fixture.store.recordFailure(feedID: id, at: fixture.at(70), status: 500, error: "HTTP 500", nextPollAt: fixture.at(700),
                                        retryNotBefore: nil, schedule: ScheduleNote(intervalSeconds: 600, reason: .backoff))
        let rows = try fixture.store.statusRows()
        try #require(rows.count == 2)
        #expect(rows[0].feedID == id && rows[0].itemCount == 1 && rows[0].lastStatus == 500 && rows[0].consecutiveErrors == 1)
        #expect(rows[0].schedule?.reason == .backoff && rows[0].state == .active)
        #expect(rows[1].kind == .comments && rows[1].article?.id == result.newItems.first?.id)
        #expect(rows[1].article?.title == "Article 1")
    }

    @Test(arguments: StoreKind.allCases)
    func aFeedsNameAndRecordAreReadBack(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed("tech", url: "https://tech.example/rss")
        #expect(try fixture.store.feedName(id: id) == "tech")
        #expect(try fixture.store.feedName(id: 999) == nil)
        #expect(try fixture.store.feed(id: 999) == nil)
        #expect(try fixture.store.item(id: 999) == nil)
        #expect(try !fixture.store.hasMainFeed(named: "nope"))
        #expect(try fixture.store.allActiveFeeds().map(\.url) == ["https://tech.example/rss"])
    }
}
