import Foundation
import Testing
import TestSupport
@testable import FeedDaemon
import FeedStore

/// `database` (and `FEEDD_DATABASE`) names a SQLite file or a PostgreSQL server; a URI is checked
/// when the config loads, and a password in it is refused wherever it is written.
@Suite struct StoreLocationTests {
    static let file = "/etc/feedd/feedd.toml"

    static func config(database: String) -> String {
        """
        [daemon]
        interval = "15m"
        database = "\(database)"
        """
    }

    static func load(database: String) throws(ConfigError) -> Config {
        try ConfigLoader.parse(text: config(database: database), path: file, environment: [:])
    }

    /// The error a `database` value gets, or nil.
    static func problem(_ database: String) -> ConfigError? {
        do {
            _ = try load(database: database)
            return nil
        } catch {
            return error
        }
    }

    @Test func aPathIsASQLiteFileBesideTheConfig() throws {
        #expect(try Self.load(database: "feedd.sqlite").daemon.store == .sqlite(path: "/etc/feedd/feedd.sqlite"))
    }

    @Test(arguments: ["postgresql://feedd@db.example:5432/feedd", "postgres://feedd@db.example/feedd",
                      "postgresql://feedd@%2Frun%2Fpostgresql/feedd", "postgresql://[::1]:5433/feedd",
                      "postgresql://db1.example:5432,db2.example:5433/feedd?target_session_attrs=read-write",
                      "postgresql:///feedd?host=/run/postgresql", "postgresql://db.example?dbname=feedd"])
    func aPostgresURIIsKeptAsWritten(_ uri: String) throws {
        #expect(try Self.load(database: uri).daemon.store == .postgres(uri: uri))
    }

    @Test(arguments: [
        ("postgresql://feedd@db.example:0/feedd", "port \"0\""),
        ("postgresql://feedd@db.example:65536/feedd", "port \"65536\""),
        ("postgresql://feedd@db.example:http/feedd", "port \"http\""),
        ("postgresql://db.example/feedd?port=99999", "port \"99999\""),
        ("postgresql://feedd@db.example:5432", "names no database"),
        ("postgresql://feedd@db.example:5432/", "names no database"),
        ("postgresql://feedd@/feedd", "names no server"),
        ("postgresql://[::1/feedd", "closing ]"),
        ("postgresql://db.example/feedd bar", "percent-encode"),
    ])
    func aMalformedURIIsAConfigErrorNamingFileLineAndKey(_ uri: String, _ expected: String) throws {
        let error = try #require(Self.problem(uri))
        #expect(error.file == Self.file && error.line == 3 && error.key == "database" && error.section == "[daemon]")
        #expect(error.message.contains(expected), "\(error.message)")
    }

    @Test(arguments: ["postgresql://feedd:secret@db.example/feedd", "postgresql://feedd@db.example/feedd?password=secret",
                      "postgresql://feedd@db.example/feedd?sslmode=require&pass%77ord=secret",
                      "postgresql://feedd:@db.example/feedd"])
    func aPasswordInTheConfigIsRefusedWithoutRepeatingIt(_ uri: String) throws {
        let error = try #require(Self.problem(uri))
        #expect(error.line == 3 && error.key == "database")
        #expect(error.message.contains("password") && error.message.contains("PGPASSFILE")
                && error.message.contains("~/.pgpass") && error.message.contains("LoadCredential=pgpass"))
        #expect(!error.description.contains("secret"))
    }

    @Test func aPasswordInFEEDD_DATABASEIsRefusedToo() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("feedd.toml")
        try "[daemon]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: ConfigError.self) {
            try ConfigLoader.load(path: path, environment: ["FEEDD_DATABASE": "postgresql://feedd:secret@db.example/feedd"])
        }
        #expect(error.file == path && error.key == "database")
        #expect(error.message.contains("FEEDD_DATABASE") && error.message.contains("PGPASSFILE"))
        #expect(!error.description.contains("secret"))
    }

    @Test func aURIInFEEDD_DATABASEReplacesTheConfigsFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("feedd.toml")
        try Self.config(database: "feedd.sqlite").write(toFile: path, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: path, environment: ["FEEDD_DATABASE": "postgresql://feedd@db.example/feedd"])
        #expect(config.daemon.store == .postgres(uri: "postgresql://feedd@db.example/feedd"))
        #expect(config.daemon.databaseLine == nil)
    }

    @Test func theDescriptionOfALocationNeverHoldsAPassword() {
        let uri = "postgresql://feedd:secret@db.example:5432/feedd?sslmode=require&password=secret&application_name=x"
        let shown = StoreLocation.postgres(uri: uri).description
        #expect(!shown.contains("secret"))
        #expect(shown == "PostgreSQL postgresql://feedd@db.example:5432/feedd?sslmode=require&application_name=x")
    }

    @Test func checkConfigNamesTheServerWithoutConnecting() throws {
        let config = try Self.load(database: "postgresql://feedd@db.invalid:5432/feedd")
        #expect(ConfigPreflight.check(config, environment: [:]).errors.isEmpty)
        #expect(ConfigPreflight.databaseSummary(config.daemon.store)
            == "database on PostgreSQL postgresql://feedd@db.invalid:5432/feedd (URI checked; check-config does not connect)")
    }

    @Test func theStoreOfAServerThatIsNotReachableIsUnavailableNamingItWithoutPassword() throws {
        let error = try #require(throws: StoreError.self) {
            _ = try StoreOpening.open(.postgres(uri: "postgresql://feedd@127.0.0.1:1/feedd?password=secret"), readOnly: true)
        }
        #expect(error.isUnavailable)
        #expect(!"\(error)".contains("secret"))
        #expect("\(error)".contains("127.0.0.1:1"))
    }
}
