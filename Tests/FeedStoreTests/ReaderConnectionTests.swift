@testable import FeedStore
import Foundation
import Testing

/// The lookups a refresh makes before writing go through the reader connection: they do not wait
/// for the writer's lock, and they see what is committed.
@Suite struct ReaderConnectionTests {
    /// Runs `body` on its own thread; nil when it has not returned within `seconds`.
    static func withinSeconds<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () throws -> T) -> T? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: T?
        Thread.detachNewThread {
            result = try? body()
            done.signal()
        }
        return done.wait(timeout: .now() + seconds) == .success ? result : nil
    }

    @Test func lookupsAnswerWhileTheWriterHoldsAnOpenTransaction() throws {
        let fixture = try StoreFixture()
        let id = try fixture.addLiveFeed("news")
        let store = fixture.store
        // The writer's lock is held by this thread until the lookups on another thread are back.
        let answers = try store.withConnection { (db: SQLiteConnection) throws(StoreError) in
            try db.transaction { () throws(StoreError) in
                try db.run("UPDATE feeds SET name = 'renamed, not committed' WHERE id = ?", [id])
                return Self.withinSeconds(10) { () throws -> [String?] in
                    [try store.feedName(id: id), try store.feed(id: id)?.name]
                }
            }
        }
        // Answered, and with the committed name: the write in progress is not visible.
        #expect(answers == ["news", "news"])
        #expect(try store.feedName(id: id) == "renamed, not committed")
    }

    @Test func aStoreOpenedForReadingAnswersLookupsOnItsOneConnection() throws {
        let fixture = try StoreFixture()
        let id = try fixture.addLiveFeed("news")
        let readOnly = try Store(readingAt: fixture.path)
        #expect(try readOnly.feedName(id: id) == "news")
        #expect(try readOnly.itemActivity(feedID: id).newestItem == nil)
    }
}
