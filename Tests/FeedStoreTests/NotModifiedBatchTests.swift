import FeedStore
import Foundation
import Testing

@Suite struct NotModifiedBatchTests {
    @Test func aBatchOf304sRecordsEachFeedAsTheSingleCallWould() throws {
        let batched = try StoreFixture(), single = try StoreFixture()
        let now = StoreFixture.start
        let names = ["a", "b", "c"]
        let batchedIDs = try names.map { try batched.addFeed($0) }
        let singleIDs = try names.map { try single.addFeed($0) }
        for (index, id) in singleIDs.enumerated() {
            try single.store.recordNotModified(feedID: id, at: now, nextPollAt: now + Double(600 * (index + 1)))
        }
        try batched.store.recordNotModified(batchedIDs.enumerated().map { index, id in
            NotModifiedRecord(feedID: id, at: now, nextPollAt: now + Double(600 * (index + 1)))
        })
        #expect(try batched.store.feeds().map(\.fetchState) == (try single.store.feeds().map(\.fetchState)))
        #expect(try batched.store.dueFeeds(now: now + 900, limit: nil).map(\.name) == ["a"])
    }

    @Test func aBatchSkipsAFeedThatNoLongerExists() throws {
        let fixture = try StoreFixture()
        let now = StoreFixture.start
        let id = try fixture.addFeed()
        try fixture.store.recordNotModified([NotModifiedRecord(feedID: 9_999, at: now, nextPollAt: now + 60),
                                             NotModifiedRecord(feedID: id, at: now, nextPollAt: now + 60)])
        #expect(try fixture.store.feed(id: id)?.fetchState.lastStatus == 304)
    }
}
