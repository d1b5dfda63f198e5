import Foundation
import Testing
@testable import FeedDaemon

private let policy = PollPolicy(minInterval: 300, maxInterval: 86_400)
private let comments = CommentFeedPolicy(minInterval: 300, maxInterval: 3600)
private let now = Date(timeIntervalSince1970: 1_800_000_000)

@Test func feedHintsLengthenTheConfiguredInterval() {
    #expect(policy.interval(configured: 900, feedHint: 3600, cacheMaxAge: nil) == 3600)
    #expect(policy.interval(configured: 900, feedHint: nil, cacheMaxAge: 1800) == 1800)
}

@Test func feedHintsNeverShortenTheConfiguredInterval() {
    #expect(policy.interval(configured: 900, feedHint: 60, cacheMaxAge: 10) == 900)
}

@Test func noIntervalGoesBelowTheFloorOrAboveTheCap() {
    #expect(policy.interval(configured: 10, feedHint: nil, cacheMaxAge: nil) == 300)
    #expect(policy.interval(configured: 900, feedHint: 365 * 86_400, cacheMaxAge: nil) == 86_400)
}

@Test func backoffDoublesPerConsecutiveErrorUpToTheCap() {
    #expect(policy.backoff(interval: 900, consecutiveErrors: 1) == 900)
    #expect(policy.backoff(interval: 900, consecutiveErrors: 2) == 1800)
    #expect(policy.backoff(interval: 900, consecutiveErrors: 4) == 7200)
    #expect(policy.backoff(interval: 900, consecutiveErrors: 40) == 86_400)
}

@Test func jitterStaysWithinATenthOfTheInterval() {
    let early = policy.nextPoll(after: now, interval: 1000, unit: 0).timeIntervalSince(now)
    let late = policy.nextPoll(after: now, interval: 1000, unit: 0.999_999).timeIntervalSince(now)
    #expect(early == 900)
    #expect(late > 1099 && late <= 1100)
}

@Test func commentFeedIntervalGrowsWithTheArticlesAge() {
    #expect(comments.interval(articleAge: 600) == 300)
    #expect(comments.interval(articleAge: 6 * 1200) == 1200)
    #expect(comments.interval(articleAge: 5 * 86_400) == 3600)
}

@Test func commentFeedExpiresAfterItsWindow() {
    #expect(!comments.isExpired(articleAge: 6 * 86_400, window: 7 * 86_400))
    #expect(comments.isExpired(articleAge: 8 * 86_400, window: 7 * 86_400))
}

@Test func commentFeedIsAbandonedWhenTheArticleLeftItsFeedAndCommentsWentQuiet() {
    let lastSeen = now.addingTimeInterval(-4 * 86_400)
    #expect(comments.isAbandoned(articleLastSeen: lastSeen, feedLastListing: now.addingTimeInterval(-3600),
                                 lastComment: now.addingTimeInterval(-3 * 86_400), followedSince: lastSeen, now: now))
}

@Test func commentFeedWithARecentCommentIsKeptEvenAfterTheArticleLeft() {
    let lastSeen = now.addingTimeInterval(-4 * 86_400)
    #expect(!comments.isAbandoned(articleLastSeen: lastSeen, feedLastListing: now.addingTimeInterval(-3600),
                                  lastComment: now.addingTimeInterval(-3600), followedSince: lastSeen, now: now))
}

@Test func commentFeedOfAnArticleStillInItsFeedIsKept() {
    #expect(!comments.isAbandoned(articleLastSeen: now.addingTimeInterval(-3600), feedLastListing: now,
                                  lastComment: nil, followedSince: now.addingTimeInterval(-10 * 86_400), now: now))
}

@Test func anArticleHasLeftItsFeedOnlyWhenItsSightingLagsTheFeedsListingByMoreThanTheMargin() {
    let lastSeen = now.addingTimeInterval(-86_400)
    #expect(comments.hasLeftFeed(articleLastSeen: lastSeen, feedLastListing: now))
    #expect(!comments.hasLeftFeed(articleLastSeen: lastSeen, feedLastListing: lastSeen.addingTimeInterval(3600)))
    #expect(!comments.hasLeftFeed(articleLastSeen: lastSeen, feedLastListing: nil))
}
