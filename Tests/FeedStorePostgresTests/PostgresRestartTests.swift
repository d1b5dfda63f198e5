import FeedStore
import FeedStorePostgres
import Foundation
import Testing
import TestSupport

/// A database server that goes away and comes back: the store says it is unavailable (naming the
/// server) while it is down, and carries on on a new connection once it is back.
@Suite struct PostgresRestartTests {
    @Test func aRestartedServerIsUnavailableWhileDownAndUsedAgainOnceBack() throws {
        // A cluster of its own: stopping the shared one would fail every other test running meanwhile.
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        let store = try PostgresStore(uri: try cluster.createDatabase())
        let id = try PostgresTestSupport.addLiveFeed(store)
        try cluster.stopServer()
        #expect {
            _ = try store.feeds()
        } throws: { error in
            guard case .unavailable(let server, _) = error as? StoreError else { return false }
            return server.contains("127.0.0.1:\(cluster.port)")
        }
        try cluster.startServer()
        #expect(try store.feeds().map(\.id) == [id])
        try store.recordNotModified(feedID: id, at: PostgresTestSupport.start, nextPollAt: PostgresTestSupport.start)
        #expect(try store.feed(id: id)?.fetchState.lastStatus == 304)
    }
}
