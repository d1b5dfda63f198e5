import FeedStorePostgres
import Foundation
import Testing
import TestSupport

/// A statement whose answer never comes (a link that swallows packets) ends as a lost connection
/// after the answer timeout, instead of hanging its caller for good.
@Suite struct PostgresAnswerTimeoutTests {
    @Test func aStatementOverASilentLinkIsReportedLostAfterTheAnswerTimeout() throws {
        let cluster = try PostgresCluster.shared.get()
        let proxy = try TCPProxy(targetPort: cluster.port)
        defer { proxy.stop() }
        let direct = try cluster.createDatabase()
        let setting = direct.replacingOccurrences(of: ":\(cluster.port)/", with: ":\(proxy.port)/")
        let connection = try PostgresConnection(setting: setting, answerTimeout: 2)
        #expect(try connection.execute("SELECT 1").rows == [["1"]])

        proxy.blackhole()
        let started = Date()
        #expect {
            try connection.execute("SELECT 2")
        } throws: { error in
            guard case .connectionLost(_, let message) = error as? PostgresError else { return false }
            return message.contains("no answer from the server in 2 s")
        }
        // Given up at the timeout, not at some later TCP limit (bounded above for a loaded machine).
        #expect(Date().timeIntervalSince(started) >= 2)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(!connection.isUsable)
    }

    @Test func theStoreReconnectsOnceTheSilentLinkIsBack() throws {
        let cluster = try PostgresCluster.shared.get()
        let proxy = try TCPProxy(targetPort: cluster.port)
        defer { proxy.stop() }
        let direct = try cluster.createDatabase()
        let setting = direct.replacingOccurrences(of: ":\(cluster.port)/", with: ":\(proxy.port)/")
        let store = try PostgresStore(uri: setting, answerTimeout: 2)
        #expect(try store.feeds().isEmpty)

        proxy.blackhole()
        #expect(throws: (any Error).self) { try store.feeds() }
        proxy.restore()
        #expect(try store.feeds().isEmpty)
    }
}
