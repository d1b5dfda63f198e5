import FeedStorePostgres
import Foundation
import Testing
import TestSupport

/// libpq against a real private PostgreSQL server (`PostgresCluster`, started once per test run).
@Suite struct PostgresConnectionTests {
    static func freshDatabase() throws -> PostgresConnection {
        let cluster = try PostgresCluster.shared.get()
        return try PostgresConnection(setting: try cluster.createDatabase())
    }

    @Test func parametersRoundTripAsDataNotSQL() throws {
        let connection = try Self.freshDatabase()
        try connection.execute("CREATE TABLE items (title TEXT)")
        let hostile = "Robert'); DROP TABLE items; -- „München“ 𝄞"
        try connection.execute("INSERT INTO items (title) VALUES ($1), ($2)", [hostile, nil])
        let rows = try connection.execute("SELECT title FROM items ORDER BY title NULLS LAST")
        #expect(rows.columns == ["title"])
        #expect(rows.rows == [[hostile], [nil]])
    }

    @Test func aStatementErrorCarriesTheServerAndItsSQLState() throws {
        let connection = try Self.freshDatabase()
        #expect {
            try connection.execute("SELECT * FROM no_such_table")
        } throws: { error in
            guard case .statement(let server, let state, _) = error as? PostgresError else { return false }
            return state == "42P01" && server.contains("127.0.0.1")
        }
    }

    @Test func aFailedConnectionNamesTheServerAndNeverThePassword() throws {
        let cluster = try PostgresCluster.shared.get()
        // The cluster's own port with a database that does not exist: a quick, certain refusal.
        let setting = "postgresql://feedd:s3cr3t-pw@127.0.0.1:\(cluster.port)/no_such_database?connect_timeout=5"
        do {
            _ = try PostgresConnection(setting: setting)
            Issue.record("connected to a database that does not exist")
        } catch {
            let text = error.description
            #expect(text.contains("feedd@127.0.0.1:\(cluster.port)/no_such_database"), "\(text)")
            #expect(!text.contains("s3cr3t-pw"), "\(text)")
            #expect(!text.contains("\n"), "\(text)")
        }
    }

    @Test func theServerDescriptionLeavesThePasswordOut() {
        let server = PostgresServer(setting: "postgres://alice:hunter2@db.example.org:6543/feedd")
        #expect(server.description == "postgresql server alice@db.example.org:6543/feedd")
        #expect(PostgresServer(setting: "host=/run/pg dbname=feedd password=x").description == "postgresql server /run/pg/feedd")
    }
}
