import FeedDaemon
import FeedModel
import FeedStore
import Foundation
import Testing

/// The ingest rules without a store: the backlog rule, the comment window, the cap on comment
/// feeds per fetch, and which hooks get an outbox row.
@Suite struct IngestPlannerTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let day: TimeInterval = 86_400
    static let planner = IngestPlanner()

    static func mainFeed(firstSuccessDone: Bool = false, notifyBacklog: Bool = false,
                         followComments: Bool = true) -> FeedRecord {
        FeedRecord(id: 1, url: "https://news.example/feed", name: "news", kind: .main, followComments: followComments,
                   commentsWindow: 7 * day, notifyBacklog: notifyBacklog,
                   fetchState: FetchState(firstSuccessDone: firstSuccessDone), createdAt: now)
    }

    static func commentFeed(firstSuccessDone: Bool = false) -> FeedRecord {
        FeedRecord(id: 2, url: "https://news.example/article-1/feed/", name: "news comments", kind: .comments,
                   parentItemID: 10, followComments: false, commentsWindow: 7 * day,
                   fetchState: FetchState(firstSuccessDone: firstSuccessDone), createdAt: now)
    }

    static func article(published: Date?) -> Entry {
        Entry(guid: "https://news.example/?p=1", title: "Article 1", published: published,
              commentsFeedURL: "https://news.example/article-1/feed/")
    }

    static func item(_ entry: Entry = article(published: now)) -> StoredItem {
        StoredItem(id: 10, feedID: 1, identityKey: "https://news.example/?p=1", entry: entry, firstSeen: now,
                   lastSeen: now, contentHash: "hash", version: 1, wasBacklog: false)
    }

    static let routes = [HookRoute(hook: "desktop", events: [.new, .comment]),
                         HookRoute(hook: "chat", events: [.new, .updated, .comment])]

    // MARK: The backlog rule

    @Test func aMainFeedsFirstFetchIsBacklog() {
        #expect(Self.planner.isBacklog(feed: Self.mainFeed(), articleWasBacklog: nil))
    }

    @Test func aMainFeedWithNotifyBacklogFiresAtItsFirstFetch() {
        #expect(!Self.planner.isBacklog(feed: Self.mainFeed(notifyBacklog: true), articleWasBacklog: nil))
    }

    @Test func aMainFeedsLaterFetchesFire() {
        #expect(!Self.planner.isBacklog(feed: Self.mainFeed(firstSuccessDone: true), articleWasBacklog: nil))
    }

    @Test func aCommentFeedOfABacklogArticleStartsAsBacklog() {
        #expect(Self.planner.isBacklog(feed: Self.commentFeed(), articleWasBacklog: true))
    }

    @Test func aCommentFeedOfANewArticleFiresAtItsFirstFetch() {
        #expect(!Self.planner.isBacklog(feed: Self.commentFeed(), articleWasBacklog: false))
    }

    @Test func aCommentFeedWhoseArticleIsGoneStartsAsBacklog() {
        #expect(Self.planner.isBacklog(feed: Self.commentFeed(), articleWasBacklog: nil))
    }

    @Test func aCommentFeedsLaterFetchesFireEvenForABacklogArticle() {
        #expect(!Self.planner.isBacklog(feed: Self.commentFeed(firstSuccessDone: true), articleWasBacklog: true))
    }

    // MARK: The comment window

    @Test func anArticleInsideTheWindowHasItsCommentsFollowed() {
        let article = Self.article(published: Self.now.addingTimeInterval(-6 * Self.day))
        #expect(Self.planner.followsComments(feed: Self.mainFeed(), article: article, firstSeen: Self.now, now: Self.now))
    }

    @Test func anArticleOlderThanTheWindowHasItsCommentsIgnored() {
        let article = Self.article(published: Self.now.addingTimeInterval(-8 * Self.day))
        #expect(!Self.planner.followsComments(feed: Self.mainFeed(), article: article, firstSeen: Self.now, now: Self.now))
    }

    @Test func aFutureDateCountsAsTheFirstSighting() {
        let firstSeen = Self.now.addingTimeInterval(-8 * Self.day)
        let article = Self.article(published: Self.now.addingTimeInterval(365 * Self.day))
        #expect(!Self.planner.followsComments(feed: Self.mainFeed(), article: article, firstSeen: firstSeen, now: Self.now))
    }

    @Test func anUndatedArticleCountsFromItsFirstSighting() {
        let article = Self.article(published: nil)
        let feed = Self.mainFeed()
        #expect(Self.planner.followsComments(feed: feed, article: article, firstSeen: Self.now.addingTimeInterval(-Self.day),
                                             now: Self.now))
        #expect(!Self.planner.followsComments(feed: feed, article: article,
                                              firstSeen: Self.now.addingTimeInterval(-8 * Self.day), now: Self.now))
    }

    @Test func aFeedWithoutFollowCommentsFollowsNone() {
        let article = Self.article(published: Self.now)
        #expect(!Self.planner.followsComments(feed: Self.mainFeed(followComments: false), article: article,
                                              firstSeen: Self.now, now: Self.now))
    }

    @Test func aCommentFeedRegistersNoCommentFeedsOfItsOwn() {
        var feed = Self.commentFeed()
        feed.followComments = true
        #expect(!Self.planner.followsComments(feed: feed, article: Self.article(published: Self.now), firstSeen: Self.now,
                                              now: Self.now))
    }

    @Test func oneFetchRegistersAtMost100CommentFeeds() {
        #expect(Self.planner.maxCommentFeedsPerFetch == 100)
    }

    // MARK: The outbox

    @Test func backlogGetsNoOutboxRows() {
        #expect(Self.planner.outboxHooks(event: .new, item: Self.item(), feed: Self.mainFeed(), routes: Self.routes,
                                         isBacklog: true).isEmpty)
    }

    @Test func everyRouteAskingForTheEventGetsARowInRouteOrder() {
        #expect(Self.planner.outboxHooks(event: .new, item: Self.item(), feed: Self.mainFeed(), routes: Self.routes,
                                         isBacklog: false) == ["desktop", "chat"])
    }

    @Test func aRouteNotAskingForTheEventGetsNoRow() {
        #expect(Self.planner.outboxHooks(event: .updated, item: Self.item(), feed: Self.mainFeed(), routes: Self.routes,
                                         isBacklog: false) == ["chat"])
    }

    // MARK: Blocked items

    @Test func anItemTheFeedsRulesDoNotAdmitIsBlockedAndOthersAreNot() {
        let planner = IngestPlanner(feedRules: EntryPredicate(key: "no adverts") { !($0.title ?? "").hasPrefix("Werbung") })
        #expect(planner.isBlocked(Entry(guid: "a", title: "Werbung: kaufen"), feed: Self.mainFeed()))
        #expect(!planner.isBlocked(Entry(guid: "b", title: "Artikel"), feed: Self.mainFeed()))
        #expect(!Self.planner.isBlocked(Entry(guid: "a", title: "Werbung: kaufen"), feed: Self.mainFeed()))
    }
}
