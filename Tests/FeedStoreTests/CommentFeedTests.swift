import FeedModel
import FeedStore
import Foundation
import Testing

@Suite struct CommentFeedTests {
    @Test func anArticleInsideTheWindowRegistersItsCommentFeed() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let result = try fixture.ingest(feedID, [StoreFixture.article(1, comments: true)])
        let registered = try #require(result.registeredCommentFeeds.first)
        #expect(result.registeredCommentFeeds.count == 1)
        #expect(registered.kind == .comments)
        #expect(registered.url == "https://news.example/article-1/feed/")
        #expect(registered.parentItemID == result.newItems.first?.id)
        #expect(registered.name == "news comments")
        #expect(registered.tags == ["t"])
        #expect(registered.fetchState.nextPollAt == StoreFixture.start.addingTimeInterval(60))
        let again = try fixture.ingest(feedID, [StoreFixture.article(1, comments: true)], at: 120)
        #expect(again.registeredCommentFeeds.isEmpty)
        #expect(try fixture.store.feeds().filter { $0.kind == .comments }.count == 1)
    }

    @Test func anArticleOlderThanTheWindowRegistersNothing() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let old = StoreFixture.article(1, comments: true, published: StoreFixture.start.addingTimeInterval(-8 * 86_400))
        #expect(try fixture.ingest(feedID, [old]).registeredCommentFeeds.isEmpty)
    }

    @Test func aFeedNotFollowingCommentsRegistersNothing() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.syncConfiguredFeeds(
            [FeedSubscription(name: "quiet", url: "https://quiet.example/feed", followComments: false)], now: StoreFixture.start)
        let feedID = try #require(try fixture.store.feeds().first?.id)
        #expect(try fixture.ingest(feedID, [StoreFixture.article(1, comments: true)]).registeredCommentFeeds.isEmpty)
    }

    @Test func commentsOnABacklogArticleFireNothingAtFirstFetchButFireLater() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addFeed()
        let backlog = try fixture.ingest(feedID, [StoreFixture.article(1, comments: true)])
        let commentFeed = try #require(backlog.registeredCommentFeeds.first)
        let first = try fixture.ingest(commentFeed.id, [StoreFixture.comment(1), StoreFixture.comment(2)], at: 120)
        #expect(first.wasBacklog && first.outboxRows == 0 && first.newItems.count == 2)
        let later = try fixture.ingest(commentFeed.id, [StoreFixture.comment(3), StoreFixture.comment(1)], at: 180)
        #expect(!later.wasBacklog && later.newItems.count == 1)
        let rows = try fixture.store.outbox(state: .pending)
        #expect(rows.count == 2 && rows.allSatisfy { $0.event == .comment })
    }

    @Test func commentsOnANewArticleFireTheCommentEventWithTheArticle() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let article = try fixture.ingest(feedID, [StoreFixture.article(2, comments: true)])
        let commentFeed = try #require(article.registeredCommentFeeds.first)
        let comments = try fixture.ingest(commentFeed.id, [StoreFixture.comment(1)], at: 120)
        #expect(!comments.wasBacklog && comments.outboxRows == 2)
        let delivery = try #require(try fixture.store.outbox(state: .pending).first { $0.event == .comment })
        #expect(delivery.item.entry.title == "Comment 1")
        #expect(delivery.feed.id == commentFeed.id)
        #expect(delivery.article?.entry.title == "Article 2")
        #expect(try fixture.store.outbox(state: .pending).filter { $0.event == .new }.count == 2)
    }

    @Test func registeredCommentFeedsAreDueWithTheirParent() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, [StoreFixture.article(1, comments: true)])
        let due = try fixture.store.dueFeeds(now: StoreFixture.start.addingTimeInterval(60), limit: nil)
        #expect(due.map(\.kind) == [.main, .comments])
    }
}
