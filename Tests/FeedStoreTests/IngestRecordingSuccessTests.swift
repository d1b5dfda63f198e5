import FeedModel
import FeedStore
import Foundation
import Testing

@Suite struct IngestRecordingSuccessTests {
    static func success(at date: Date) -> SuccessRecord {
        SuccessRecord(at: date, etag: "\"e1\"", lastModified: "Mon, 01 Jan 2024 00:00:00 GMT", bodyHash: "abc",
                      status: 200, nextPollAt: date + 1800, feedTitle: "News", homePageURL: "https://news.example/")
    }

    @Test func ingestRecordingSuccessLeavesWhatIngestThenRecordSuccessLeave() throws {
        let combined = try StoreFixture(), separate = try StoreFixture()
        let at = StoreFixture.start + 60
        let entries = (1...3).map { StoreFixture.article($0) }
        let combinedID = try combined.addFeed(), separateID = try separate.addFeed()
        let one = try combined.store.ingest(feedID: combinedID, entries: entries, routes: StoreFixture.routes, now: at,
                                            recordingSuccess: Self.success(at: at))
        let two = try separate.store.ingest(feedID: separateID, entries: entries, routes: StoreFixture.routes, now: at)
        let s = Self.success(at: at)
        try separate.store.recordSuccess(feedID: separateID, at: at, etag: s.etag, lastModified: s.lastModified,
                                         bodyHash: s.bodyHash, status: s.status, nextPollAt: s.nextPollAt,
                                         feedTitle: s.feedTitle, homePageURL: s.homePageURL)
        #expect(one.newItems.map(\.entry) == two.newItems.map(\.entry))
        #expect(one.wasBacklog == two.wasBacklog)
        #expect(try combined.store.feed(id: combinedID)?.fetchState == (try separate.store.feed(id: separateID)?.fetchState))
    }

    @Test func aFailedIngestRecordsNoSuccess() throws {
        let fixture = try StoreFixture()
        #expect(throws: StoreError.self) {
            try fixture.store.ingest(feedID: 77, entries: [StoreFixture.article(1)], routes: [], now: StoreFixture.start,
                                     recordingSuccess: Self.success(at: StoreFixture.start))
        }
        #expect(try fixture.store.feeds().isEmpty)
    }
}
