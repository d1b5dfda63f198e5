import Foundation
import Testing
import TestSupport

/// The command-line interface is a contract: its help text is compared with snapshots in
/// `Tests/Fixtures/help/`, so every change to a command, option or default shows up in review.
/// `RECORD_FIXTURES=1` rewrites the snapshots; a missing snapshot fails.
struct HelpSnapshotTests {
    static let commands: [[String]] = [
        [], ["init"], ["run"], ["fetch"], ["parse"], ["add"], ["remove"], ["pause"], ["resume"], ["list"], ["items"],
        ["search"], ["status"], ["hooks"], ["hooks", "retry"], ["hooks", "log"], ["hooks", "test"], ["import-opml"],
        ["export-opml"], ["check-config"], ["store"], ["store", "copy"],
    ]

    @Test(arguments: commands)
    func helpTextMatchesItsSnapshot(_ command: [String]) throws {
        let result = try CommandRunner.run(Fixtures.feeddExecutable, ["help"] + command,
                                           environment: ["COLUMNS": "100", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderr)")
        let name = command.isEmpty ? "feedd" : command.joined(separator: "-")
        let snapshot = Fixtures.url("help/\(name).txt")
        if ProcessInfo.processInfo.environment["RECORD_FIXTURES"] == "1" {
            try FileManager.default.createDirectory(at: snapshot.deletingLastPathComponent(), withIntermediateDirectories: true)
            try result.stdout.write(to: snapshot, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: snapshot, encoding: .utf8)
        #expect(result.stdout == expected)
    }

    @Test func versionNamesTheProgram() throws {
        let result = try CommandRunner.run(Fixtures.feeddExecutable, ["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }
}
