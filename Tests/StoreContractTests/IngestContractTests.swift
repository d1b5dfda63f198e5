import FeedDaemon
import FeedModel
import FeedStore
import Foundation
import Testing

/// Ingest: the frozen identity rule, events and their outbox rows, comment feeds, blocked items,
/// and one transaction per call.
@Suite struct IngestContractTests {
    private typealias F = ContractFixture

    @Test(arguments: StoreKind.allCases)
    func aNewItemIsStoredWithOneOutboxRowPerHook(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let result = try fixture.ingest(id, [F.article(1)])
        #expect(result.newItems.map(\.entry.title) == ["Article 1"])
        #expect(result.outboxRows == 2)
        let rows = try fixture.store.outbox(state: .pending)
        #expect(Set(rows.map(\.hook)) == ["desktop", "chat"] && rows.allSatisfy { $0.event == .new })
        #expect(rows.allSatisfy { $0.feed.id == id && $0.item.identityKey == "guid:https://news.example/?p=1" })
    }

    @Test(arguments: StoreKind.allCases)
    func theFirstFetchIsBacklogWithoutEvents(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed()
        let result = try fixture.ingest(id, [F.article(1), F.article(2)])
        #expect(result.wasBacklog && result.newItems.count == 2 && result.outboxRows == 0)
        #expect(try fixture.store.feed(id: id)?.fetchState.firstSuccessDone == true)
    }

    @Test(arguments: StoreKind.allCases)
    func anUnchangedItemIsNotNewAgain(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        try fixture.ingest(id, [F.article(1)])
        let again = try fixture.ingest(id, [F.article(1)], at: 120)
        #expect(again.newItems.isEmpty && again.updatedItems.isEmpty && again.unchanged == 1 && again.outboxRows == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func aChangedItemIsUpdatedOnceWithANewVersion(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        try fixture.ingest(id, [F.article(1)])
        let changed = try fixture.ingest(id, [F.article(1, content: "<p>Corrected</p>")], at: 120)
        let repeated = try fixture.ingest(id, [F.article(1, content: "<p>Corrected</p>")], at: 180)
        #expect(changed.updatedItems.map(\.version) == [2] && changed.outboxRows == 1)
        #expect(repeated.updatedItems.isEmpty && repeated.outboxRows == 0)
        let updates = try fixture.store.outbox(state: .pending).filter { $0.event == .updated }
        #expect(updates.map(\.hook) == ["chat"])
        #expect(try fixture.store.item(id: changed.updatedItems[0].id)?.entry.contentHTML == "<p>Corrected</p>")
    }

    @Test(arguments: StoreKind.allCases)
    func aRewrittenGuidIsTheSameItem(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        try fixture.ingest(id, [F.article(1, scheme: "http")])
        let rewritten = try fixture.ingest(id, [F.article(1, scheme: "https")], at: 120)
        #expect(rewritten.newItems.isEmpty && rewritten.outboxRows == 0)
        #expect(try fixture.store.itemCount(feedID: id) == 1)
        #expect(try fixture.store.items(feedName: "news", since: nil, limit: 10).first?.identityKey
                == "guid:https://news.example/?p=1")
    }

    /// SQLite writes a group of feeds in one transaction; PostgreSQL writes each feed in its own,
    /// so the daemon's group commit does not make it wait for more.
    @Test(arguments: StoreKind.allCases)
    func onlySQLiteCommitsAGroupOfFeedsTogether(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        #expect(fixture.store.commitsGroupsTogether == (kind == .sqlite))
    }

    @Test(arguments: StoreKind.allCases)
    func anArticleAlreadyStoredKeepsItsCommentFeedWithoutASecondOne(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let first = try fixture.ingest(id, [F.article(1, comments: true)])
        try #require(first.registeredCommentFeeds.count == 1)
        let changed = try fixture.ingest(id, [F.article(1, content: "<p>Edited</p>", comments: true)], at: 120)
        #expect(changed.updatedItems.count == 1 && changed.registeredCommentFeeds.isEmpty)
        #expect(changed.commentFeedsNotRegistered == 0)
        #expect(try fixture.store.feeds().filter { $0.kind == .comments }.map(\.id) == first.registeredCommentFeeds.map(\.id))
    }

    @Test(arguments: StoreKind.allCases)
    func aCommentFeedURLThatIsAlreadyAMainFeedIsLeftAlone(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let main = try fixture.addFeed("discussion", url: "https://news.example/article-1/feed/")
        let result = try fixture.ingest(id, [F.article(1, comments: true)])
        #expect(result.registeredCommentFeeds.isEmpty && result.commentFeedsNotRegistered == 0)
        let feed = try #require(try fixture.store.feed(id: main))
        #expect(feed.kind == .main && feed.parentItemID == nil)
        #expect(try fixture.store.feeds().count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func aCommentFeedWhoseArticleWasDeletedIsLinkedToTheArticleThatNamesItAgain(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addFeed(keep: 86_400)
        let first = try fixture.ingest(id, [F.article(1, comments: true)])
        let commentFeed = try #require(first.registeredCommentFeeds.first)
        try fixture.store.retireFeed(feedID: commentFeed.id, reason: "comment window over")
        #expect(try fixture.store.applyRetention(now: fixture.at(10 * 86_400)) == 1)
        try #require(try fixture.store.feed(id: commentFeed.id)?.parentItemID == nil)
        var renamed = F.article(1, comments: true, published: fixture.at(10 * 86_400))
        renamed.guid = "https://news.example/?p=1&v=2"
        renamed.title = "Article 1, again"
        let again = try fixture.ingest(id, [renamed], at: 10 * 86_400)
        #expect(again.registeredCommentFeeds.isEmpty && again.newItems.count == 1)
        #expect(try fixture.store.feed(id: commentFeed.id)?.parentItemID == again.newItems.first?.id)
    }

    @Test(arguments: StoreKind.allCases)
    func anArticleWithACommentFeedRegistersItAndItsCommentsFire(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let result = try fixture.ingest(id, [F.article(1, comments: true)])
        let commentFeed = try #require(result.registeredCommentFeeds.first)
        #expect(commentFeed.kind == .comments && commentFeed.name == "news comments")
        #expect(commentFeed.parentItemID == result.newItems.first?.id)
        _ = try fixture.ingest(commentFeed.id, [], at: 120)
        let comments = try fixture.ingest(commentFeed.id, [F.comment(1)], at: 180)
        #expect(comments.outboxRows == 2)
        let row = try #require(try fixture.store.outbox(state: .pending).first { $0.event == .comment })
        #expect(row.article?.entry.title == "Article 1")
        #expect(try fixture.ingest(id, [F.article(1, comments: true)], at: 240).registeredCommentFeeds.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func aBlockedItemIsStoredButNeverAnnounced(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let planner = IngestPlanner(feedRules: EntryPredicate(key: "no ads") { !($0.title ?? "").contains("Ad") })
        let result = try fixture.store.ingest(feedID: id, entries: [Entry(guid: "ad", title: "Ad: buy now"), F.article(1)],
                                              routes: F.routes, now: fixture.at(60), policy: planner)
        #expect(result.blocked == 1 && result.newItems.map(\.entry.title) == ["Article 1"] && result.outboxRows == 2)
        #expect(try fixture.store.itemCount(feedID: id) == 2)
        #expect(try fixture.store.listedItems(ItemFilter()).map(\.item.entry.title) == ["Article 1"])
        #expect(try fixture.store.listedItems(ItemFilter(includeBlocked: true)).count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func aFailingIngestLeavesNothingBehind(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        // A NaN next poll date cannot be stored (NOT NULL): the success fails after the items were written.
        let success = SuccessRecord(at: fixture.at(60), etag: nil, lastModified: nil, bodyHash: "h", status: 200,
                                    nextPollAt: Date(timeIntervalSince1970: .nan), feedTitle: nil, homePageURL: nil)
        #expect(throws: StoreError.self) {
            try fixture.store.ingest(feedID: id, entries: [F.article(1, comments: true)], routes: F.routes,
                                     now: fixture.at(60), recordingSuccess: success, policy: IngestPlanner())
        }
        #expect(try fixture.store.itemCount(feedID: id) == 0)
        #expect(try fixture.store.outbox(state: .all).isEmpty)
        #expect(try fixture.store.feeds().count == 1)
        #expect(try fixture.store.feed(id: id)?.fetchState.bodyHash == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func ingestAndSuccessAreRecordedTogether(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        var success = SuccessRecord(at: fixture.at(60), etag: "e", lastModified: nil, bodyHash: "h", status: 200,
                                    nextPollAt: fixture.at(960), feedTitle: "News", homePageURL: nil)
        success.warning = "recovered from a broken document"
        let result = try fixture.store.ingest(feedID: id, entries: [F.article(1)], routes: F.routes, now: fixture.at(60),
                                              recordingSuccess: success, policy: IngestPlanner())
        #expect(result.newItems.count == 1)
        #expect(try fixture.store.feed(id: id)?.fetchState.etag == "e")
        #expect(try fixture.store.statusRows().first?.lastWarning == "recovered from a broken document")
    }

    @Test(arguments: StoreKind.allCases)
    func anUnstorableDateIsDroppedWithAWarningAndTheItemKept(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let entry = Entry(guid: "far", title: "Far future", published: Date(timeIntervalSince1970: 1e300))
        let result = try fixture.ingest(id, [entry])
        #expect(result.newItems.count == 1 && result.warnings.count == 1)
        #expect(try fixture.store.item(id: result.newItems[0].id)?.entry.published == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func hostileTextIsStoredAsText(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let hostile = "Robert'); DROP TABLE items; -- „München“ 𝄞 \\ \" {a,b}"
        let result = try fixture.ingest(id, [Entry(guid: hostile, title: hostile, contentText: hostile)])
        let stored = try #require(try fixture.store.item(id: result.newItems[0].id))
        #expect(stored.entry.title == hostile && stored.identityKey == "guid:" + hostile)
        #expect(try fixture.ingest(id, [Entry(guid: hostile, title: hostile, contentText: hostile)], at: 120).unchanged == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func itemDatesAndActivityComeFromTheStoredItems(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let result = try fixture.ingest(id, [F.article(1), F.article(2)])
        #expect(try fixture.store.recentItemDates(feedID: id, limit: 10, now: fixture.at(60))
                == [fixture.at(-3600), fixture.at(-7200)])
        let activity = try fixture.store.itemActivity(feedID: id)
        #expect(activity.newestItem == fixture.at(60) && activity.lastListing == fixture.at(60))
        let dates = try #require(try fixture.store.articleDates(id: result.newItems[0].id))
        #expect(dates.feedID == id && dates.feedName == "news" && dates.feedLastListing == fixture.at(60))
        #expect(dates.publishedOrSeen == fixture.at(-3600) && dates.firstSeen == fixture.at(60))
    }

    @Test(arguments: StoreKind.allCases)
    func veryLongGuidsLinksAndTitlesAreStoredAndMatched(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let long = String(repeating: "x", count: 5_000)
        let entry = Entry(guid: "g" + long, url: "https://news.example/" + long, title: "T" + long,
                          published: F.start, commentsFeedURL: "https://news.example/comments/" + long)
        let first = try fixture.ingest(id, [entry])
        #expect(first.newItems.count == 1 && first.registeredCommentFeeds.count == 1)
        var rewritten = entry
        rewritten.guid = "other"
        let again = try fixture.ingest(id, [rewritten], at: 120)
        #expect(again.newItems.isEmpty && again.unchanged == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func anIdentityWithANulCharacterIsNotNewAgain(_ kind: StoreKind) throws {
        let fixture = try F(kind)
        let id = try fixture.addLiveFeed()
        let entry = Entry(guid: "a\u{0}b", title: "Nul\u{0}title", contentText: "text\u{0}")
        #expect(try fixture.ingest(id, [entry]).newItems.count == 1)
        let again = try fixture.ingest(id, [entry], at: 120)
        #expect(again.newItems.isEmpty && again.outboxRows == 0)
    }
}
