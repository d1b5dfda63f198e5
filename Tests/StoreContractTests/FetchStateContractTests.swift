import FeedModel
import FeedStore
import Foundation
import Testing

/// Fetch state: what each poll's outcome leaves on the feed, and when it is due again.
@Suite struct FetchStateContractTests {
    @Test(arguments: StoreKind.allCases)
    func dueFeedsAreThoseWhosePollTimeHasComeSoonestFirst(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let a = try fixture.addFeed("a")
        let b = try fixture.addFeed("b")
        try fixture.store.recordNotModified(feedID: a, at: fixture.at(0), nextPollAt: fixture.at(600))
        try fixture.store.recordNotModified(feedID: b, at: fixture.at(0), nextPollAt: fixture.at(300))
        #expect(try fixture.store.dueFeeds(now: fixture.at(100), limit: nil).isEmpty)
        #expect(try fixture.store.dueFeeds(now: fixture.at(700), limit: nil).map(\.id) == [b, a])
        #expect(try fixture.store.dueFeeds(now: fixture.at(700), limit: 1).map(\.id) == [b])
        #expect(try fixture.store.dueFeedIDs(now: fixture.at(100)).isEmpty)
        #expect(try fixture.store.dueFeedIDs(now: fixture.at(700)) == [b, a])
        #expect(try fixture.store.nextPollDate(recheckingClaimsAt: fixture.at(0)) == fixture.at(300))
    }

    @Test(arguments: StoreKind.allCases)
    func aSuccessRecordsValidatorsTitleAndSchedule(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let id = try fixture.addFeed()
        var success = SuccessRecord(at: fixture.at(10), etag: "\"v1\"", lastModified: "Mon, 01 Jan 2024 00:00:00 GMT",
                                    bodyHash: "abc", status: 200, nextPollAt: fixture.at(910), feedTitle: "News",
                                    homePageURL: "https://news.example/")
        success.schedule = ScheduleNote(intervalSeconds: 900, reason: .ttl, ttl: 900)
        try fixture.store.recordSuccess(feedID: id, success)
        let feed = try #require(try fixture.store.feed(id: id))
        #expect(feed.fetchState.etag == "\"v1\"" && feed.fetchState.bodyHash == "abc" && feed.fetchState.lastStatus == 200)
        #expect(feed.fetchState.title == "News" && feed.fetchState.lastSuccessAt == fixture.at(10))
        #expect(feed.schedule == ScheduleNote(intervalSeconds: 900, reason: .ttl, ttl: 900))
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchOf304sIsRecordedAndAMissingFeedSkipped(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let a = try fixture.addFeed("a")
        let b = try fixture.addFeed("b")
        try fixture.store.recordNotModified([NotModifiedRecord(feedID: a, at: fixture.at(5), nextPollAt: fixture.at(100)),
                                             NotModifiedRecord(feedID: 9_999, at: fixture.at(5), nextPollAt: fixture.at(100)),
                                             NotModifiedRecord(feedID: b, at: fixture.at(5), nextPollAt: fixture.at(200))])
        #expect(try fixture.store.feed(id: a)?.fetchState.lastStatus == 304)
        #expect(try fixture.store.feed(id: b)?.fetchState.nextPollAt == fixture.at(200))
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchOf304sStoresEachFeedsScheduleNoteAndKeepsTheOldOneWithoutANewOne(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let a = try fixture.addFeed("a")
        let b = try fixture.addFeed("b")
        let kept = ScheduleNote(intervalSeconds: 1_800, reason: .cacheControl, cacheMaxAge: 1_800)
        try fixture.store.recordNotModified([NotModifiedRecord(feedID: b, at: fixture.at(1), nextPollAt: fixture.at(50),
                                                               schedule: kept)])
        let noted = ScheduleNote(intervalSeconds: 900, reason: .ttl, ttl: 900, updatePeriod: .infinity)
        try fixture.store.recordNotModified([NotModifiedRecord(feedID: a, at: fixture.at(5), nextPollAt: fixture.at(100),
                                                               schedule: noted),
                                             NotModifiedRecord(feedID: b, at: fixture.at(5), nextPollAt: fixture.at(200))])
        let feedA = try #require(try fixture.store.feed(id: a))
        #expect(feedA.fetchState.lastStatus == 304 && feedA.fetchState.nextPollAt == fixture.at(100))
        #expect(feedA.schedule == ScheduleNote(intervalSeconds: 900, reason: .ttl, ttl: 900), "the infinite period is left out")
        let feedB = try #require(try fixture.store.feed(id: b))
        #expect(feedB.fetchState.nextPollAt == fixture.at(200) && feedB.schedule == kept)
    }

    @Test(arguments: StoreKind.allCases)
    func aFailureCountsAndRetryAfterHoldsTheFeedBack(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let id = try fixture.addFeed()
        try fixture.store.recordFailure(feedID: id, at: fixture.at(0), status: 503, error: "HTTP 503", nextPollAt: fixture.at(60),
                                        retryNotBefore: fixture.at(3600), schedule: nil)
        let feed = try #require(try fixture.store.feed(id: id))
        #expect(feed.fetchState.consecutiveErrors == 1 && feed.fetchState.lastError == "HTTP 503")
        #expect(try fixture.store.dueFeeds(now: fixture.at(120), limit: nil).isEmpty)
        #expect(try fixture.store.dueFeeds(now: fixture.at(3600), limit: nil).map(\.id) == [id])
        #expect(try fixture.store.nextPollDate(recheckingClaimsAt: fixture.at(0)) == fixture.at(3600))
    }

    @Test(arguments: StoreKind.allCases)
    func recordingAPollOfAMissingFeedFails(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        #expect(throws: StoreError.self) {
            try fixture.store.recordNotModified(feedID: 42, at: fixture.at(0), nextPollAt: fixture.at(60))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func goneAnswersInARowMakeAStreakThatAnotherPollEnds(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let id = try fixture.addFeed()
        let first = try fixture.store.recordGone(feedID: id, at: fixture.at(0), error: "410", nextPollAt: fixture.at(60), schedule: nil)
        let second = try fixture.store.recordGone(feedID: id, at: fixture.at(60), error: "410", nextPollAt: fixture.at(120), schedule: nil)
        #expect(first == GoneStreak(count: 1, since: fixture.at(0)))
        #expect(second == GoneStreak(count: 2, since: fixture.at(0)))
        try fixture.store.recordNotModified(feedID: id, at: fixture.at(120), nextPollAt: fixture.at(180))
        let third = try fixture.store.recordGone(feedID: id, at: fixture.at(180), error: "410", nextPollAt: fixture.at(240), schedule: nil)
        #expect(third == GoneStreak(count: 1, since: fixture.at(180)))
    }

    @Test(arguments: StoreKind.allCases)
    func redirectSightingsCountConsecutivePollsAndAdoptionMovesTheFeed(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let id = try fixture.addFeed()
        let target = "https://new.example/feed"
        #expect(try fixture.store.recordRedirectSighting(feedID: id, to: target).consecutivePolls == 1)
        try fixture.store.recordNotModified(feedID: id, at: fixture.at(0), nextPollAt: fixture.at(60))
        let again = try fixture.store.recordRedirectSighting(feedID: id, to: target)
        #expect(again.consecutivePolls == 2 && !again.targetInUse)
        #expect(try fixture.store.adoptRedirect(feedID: id, to: target))
        let feed = try #require(try fixture.store.feed(id: id))
        #expect(feed.url == target && feed.configuredURL == "https://news.example/feed")
        #expect(feed.fetchState.redirectCandidateURL == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func aRedirectToAURLAnotherFeedPollsIsNotAdopted(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let id = try fixture.addFeed("a")
        try fixture.addFeed("b", url: "https://b.example/feed")
        #expect(try fixture.store.recordRedirectSighting(feedID: id, to: "https://b.example/feed").targetInUse)
        #expect(try !fixture.store.adoptRedirect(feedID: id, to: "https://b.example/feed"))
    }

    @Test(arguments: StoreKind.allCases)
    func aRetiredFeedIsRevivedByName(_ kind: StoreKind) throws {
        let fixture = try ContractFixture(kind)
        let id = try fixture.addFeed()
        try fixture.store.retireFeed(feedID: id, reason: "410 Gone")
        #expect(try fixture.store.allActiveFeeds().isEmpty)
        #expect(try fixture.store.reviveFeed(named: "news", now: fixture.at(5)) == "410 Gone")
        #expect(try fixture.store.feed(id: id)?.isActive == true)
        #expect(try fixture.store.reviveFeed(named: "news", now: fixture.at(6)) == nil)
    }
}
