import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// The systemd credential `pgpass` becomes libpq's `PGPASSFILE`, unless one is set already.
@Suite struct PostgresPassfileTests {
    static func credentialsFolder(withPassfile: Bool) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        if withPassfile {
            try "db.example:5432:feedd:feedd:secret\n".write(toFile: directory.path("pgpass"), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func theCredentialBecomesThePassfile() throws {
        let folder = try Self.credentialsFolder(withPassfile: true)
        var set: [String: String] = [:]
        let chosen = PostgresPassfile.adoptCredential(environment: ["CREDENTIALS_DIRECTORY": folder.path("")],
                                                      setEnvironment: { set[$0] = $1 })
        #expect(chosen == folder.path("pgpass"))
        #expect(set == ["PGPASSFILE": folder.path("pgpass")])
    }

    @Test func anExplicitPGPASSFILEWins() throws {
        let folder = try Self.credentialsFolder(withPassfile: true)
        var set: [String: String] = [:]
        let chosen = PostgresPassfile.adoptCredential(
            environment: ["CREDENTIALS_DIRECTORY": folder.path(""), "PGPASSFILE": "/home/me/.pgpass-feedd"],
            setEnvironment: { set[$0] = $1 })
        #expect(chosen == nil && set.isEmpty)
    }

    @Test func aCredentialsFolderWithoutPgpassChangesNothing() throws {
        let folder = try Self.credentialsFolder(withPassfile: false)
        var set: [String: String] = [:]
        #expect(PostgresPassfile.adoptCredential(environment: ["CREDENTIALS_DIRECTORY": folder.path("")],
                                                 setEnvironment: { set[$0] = $1 }) == nil)
        #expect(set.isEmpty)
    }

    @Test func withoutCredentialsNothingIsSet() {
        var set: [String: String] = [:]
        #expect(PostgresPassfile.adoptCredential(environment: [:], setEnvironment: { set[$0] = $1 }) == nil)
        #expect(set.isEmpty)
    }
}
