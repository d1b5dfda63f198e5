import Foundation
import Testing
import TestSupport

/// `feedd import-opml` and `feedd export-opml` through the real binary.
@Suite(.serialized) struct OPMLCommandTests {
    static let list = """
    <?xml version="1.0" encoding="UTF-8"?>
    <opml version="2.0"><head><title>mine</title></head><body>
      <outline text="Code" title="Code">
        <outline type="rss" text="Releases" title="Releases" xmlUrl="https://github.com/a/releases.atom" htmlUrl="https://github.com/a"/>
        <outline type="rss" text="Releases" title="Releases" xmlUrl="https://github.com/b/releases.atom" htmlUrl="https://github.com/b"/>
      </outline>
      <outline type="rss" text="Podcast" xmlUrl="https://pod.example.org/feed" category="audio"/>
      <outline type="rss" text="Dup" xmlUrl="https://github.com/a/releases.atom"/>
    </body></opml>
    """

    static func feedd(_ arguments: [String], config: String) throws -> CommandResult {
        try CommandRunner.run(Fixtures.feeddExecutable, arguments + ["--config", config], timeout: 30)
    }

    @Test func importNamesFeedsAfterTheirTitlesWithFoldersAsTags() throws {
        let directory = try TemporaryDirectory()
        let opml = directory.path("list.opml"), config = directory.path("feedd.toml")
        try Self.list.write(toFile: opml, atomically: true, encoding: .utf8)
        let run = try Self.feedd(["import-opml", opml], config: config)
        #expect(run.status == 0, "\(run.stderr)")
        let list = try Self.feedd(["list"], config: config).stdout
        #expect(list.contains("Releases\thttps://github.com/a/releases.atom  [Code]"), "\(list)")
        #expect(list.contains("Releases 2\thttps://github.com/b/releases.atom  [Code]"), "\(list)")
        #expect(list.contains("Podcast\thttps://pod.example.org/feed  [audio]"), "\(list)")
        #expect(try String(contentsOfFile: config, encoding: .utf8).contains("html_url = \"https://github.com/b\""))
    }

    @Test func aURLTheConfigHasIsSkippedWithANote() throws {
        let directory = try TemporaryDirectory()
        let opml = directory.path("list.opml"), config = directory.path("feedd.toml")
        try Self.list.write(toFile: opml, atomically: true, encoding: .utf8)
        #expect(try Self.feedd(["import-opml", opml], config: config).status == 0)
        let again = try Self.feedd(["import-opml", opml], config: config)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("skipped https://github.com/a/releases.atom: already in the config as Releases\n"))
        #expect(again.stdout.contains("imported 0 feeds (3 skipped)"), "\(again.stdout)")
    }

    @Test func dryRunChangesNothing() throws {
        let directory = try TemporaryDirectory()
        let opml = directory.path("list.opml"), config = directory.path("feedd.toml")
        try Self.list.write(toFile: opml, atomically: true, encoding: .utf8)
        let run = try Self.feedd(["import-opml", "--dry-run", opml], config: config)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("would add Releases 2 <https://github.com/b/releases.atom> [Code]"), "\(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: config))
    }

    @Test func importExportImportIsStable() throws {
        let directory = try TemporaryDirectory()
        let opml = directory.path("list.opml")
        try Self.list.write(toFile: opml, atomically: true, encoding: .utf8)
        let first = directory.path("first.toml"), second = directory.path("second.toml")
        #expect(try Self.feedd(["import-opml", opml], config: first).status == 0)
        let exported = try Self.feedd(["export-opml"], config: first).stdout
        #expect(exported.contains("htmlUrl=\"https://github.com/a\""))
        #expect(exported.contains("<outline text=\"Code\" title=\"Code\">"))
        try exported.write(toFile: directory.path("exported.opml"), atomically: true, encoding: .utf8)
        #expect(try Self.feedd(["import-opml", directory.path("exported.opml")], config: second).status == 0)
        #expect(try Self.feedd(["list"], config: second).stdout == (try Self.feedd(["list"], config: first).stdout))
        #expect(try Self.feedd(["export-opml"], config: second).stdout == exported)
    }
}
