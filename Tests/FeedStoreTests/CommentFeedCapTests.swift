import FeedModel
import FeedStore
import Foundation
import Testing

/// One fetch registers at most `IngestPlanner.maxCommentFeedsPerFetch` comment feeds; the rest come with later fetches.
@Suite struct CommentFeedCapTests {
    static let articles = (1...300).map { StoreFixture.article($0, comments: true, published: StoreFixture.start) }

    @Test func aFetchOf300ArticlesRegistersAtMost100CommentFeedsAndSaysSo() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        let result = try fixture.ingest(feedID, Self.articles)
        #expect(result.newItems.count == 300)
        #expect(result.registeredCommentFeeds.count == 100 && result.commentFeedsNotRegistered == 200)
        #expect(result.registeredCommentFeeds.map(\.url) == (1...100).map { "https://news.example/article-\($0)/feed/" })
        #expect(result.warnings == [
            "store: feed news (https://news.example/feed): 200 comment feeds not registered, at most 100 per fetch",
        ])
        #expect(try fixture.store.feeds().filter { $0.kind == .comments }.count == 100)
    }

    @Test func theNextFetchRegistersTheNextCommentFeeds() throws {
        let fixture = try StoreFixture()
        let feedID = try fixture.addLiveFeed()
        _ = try fixture.ingest(feedID, Self.articles)
        let next = try fixture.ingest(feedID, Self.articles, at: 120)
        #expect(next.registeredCommentFeeds.map(\.url) == (101...200).map { "https://news.example/article-\($0)/feed/" })
        #expect(try fixture.store.feeds().filter { $0.kind == .comments }.count == 200)
    }
}
