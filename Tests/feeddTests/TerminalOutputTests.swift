import Foundation
import Testing
import TestSupport

/// Text from feeds, servers and hooks never reaches the terminal raw: every human-readable command
/// shows control characters, C1 controls and bidi overrides as visible escapes, one line per record.
@Suite(.serialized) final class TerminalOutputTests {
    /// An OSC window title, a CSI screen clear, CR, LF, DEL, an 8-bit CSI (C1) and a right-to-left override.
    static let hostileTitle = "zebra \u{1B}]0;owned\u{07} \u{1B}[2J\rfake\nline \u{7F} \u{9B}31m \u{202E}reversed\u{2066}"

    /// A JSON Feed (JSON strings may carry every control character) with hostile titles, URLs and tags.
    static let hostileFeed = """
    {"version": "https://jsonfeed.org/version/1.1", "title": "Hostile \\u001b[31m", "items": [
      {"id": "1", "title": "\(jsonEscaped(hostileTitle))", "url": "https://example.org/a\\n2026-01-01 forged line\\u001b[0m"},
      {"id": "2", "title": "zebra plain", "url": "https://example.org/b", "tags": ["\\u001b]0;tag\\u0007"]}
    ]}
    """

    /// An XML declaration whose encoding name carries an escape sequence, a C1 control and a bidi
    /// override: the "unsupported encoding" error quotes it, and that error reaches `fetch`, `status` and the log.
    static let hostileEncodingFeed = "<?xml version=\"1.0\" encoding=\"x\u{1B}]0;owned\u{07}\u{9B}forged\u{202E}\"?><rss/>"

    private static func jsonEscaped(_ text: String) -> String {
        text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "\\"
            ? String(format: "\\u%04x", $0.value) : String($0) }.joined()
    }

    /// Every scalar a terminal or a line-based reader would act on, except the line feeds and tabs the
    /// command writes itself.
    private static func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x0A, 0x09: return false
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
            default: return false
            }
        }.map { String(format: "U+%04X", $0.value) }
    }

    /// A server for the broken feed: `application/xml` without a charset, so the declaration's encoding counts.
    private let xmlServer: HTTPTestServer

    init() throws {
        let body = Data(Self.hostileEncodingFeed.utf8)
        xmlServer = try HTTPTestServer { _ in HTTPTestResponse.ok(body, contentType: "application/xml") }
    }

    deinit { xmlServer.stop() }

    private func site() throws -> DaemonSite {
        let site = try DaemonSite()
        site.server.set("/feed", Self.hostileFeed)
        let failingHook = try site.script("fail-loudly", "cat >/dev/null; printf 'boom \\033]0;hook\\007\\033[2J\\r\\n\\302\\233forged\\n' >&2; exit 1")
        try site.writeConfig(site.feedTable("news", path: "/feed", "follow_comments = false\nnotify_backlog = true")
            + """
            [[feed]]
            name = "broken"
            url = "\(xmlServer.url("/broken"))"

            [[hook]]
            name = "loud"
            exec = ["\(failingHook)"]
            max_attempts = 1

            """)
        return site
    }

    private func expectClean(_ result: CommandResult, _ command: String) {
        #expect(Self.rawControls(result.stdout).isEmpty, "\(command) stdout: \(Self.rawControls(result.stdout))")
        #expect(Self.rawControls(result.stderr).isEmpty, "\(command) stderr: \(Self.rawControls(result.stderr))")
    }

    @Test func fetchPrintsHostileErrorsEscapedOnOneLine() throws {
        let site = try site()
        let fetch = try site.feedd(["fetch"])
        #expect(fetch.status == 1)
        expectClean(fetch, "fetch")
        let errorLines = fetch.stderr.split(separator: "\n").filter { $0.contains("broken") }
        #expect(errorLines.count == 1)
        #expect(errorLines.first?.contains("\\x1b]0;owned\\x07\\u{9b}forged\\u{202e}") == true, "\(fetch.stderr)")
    }

    @Test func itemsAndSearchShowHostileTitlesAndURLsEscapedOneLineEach() throws {
        let site = try site()
        _ = try site.feedd(["fetch"])
        for command in [["items"], ["search", "zebra"]] {
            let result = try site.feedd(command)
            #expect(result.status == 0)
            expectClean(result, command[0])
            #expect(result.stdout.split(separator: "\n").count == 2, "\(command[0]): \(result.stdout)")
            #expect(result.stdout.contains("zebra \\x1b]0;owned\\x07 \\x1b[2J\\rfake\\nline \\x7f \\u{9b}31m \\u{202e}reversed\\u{2066}"))
            #expect(result.stdout.contains("https://example.org/a"))
        }
    }

    @Test func hooksListShowsHostileTitlesAndHookErrorsEscaped() throws {
        let site = try site()
        _ = try site.feedd(["fetch"])
        let hooks = try site.feedd(["hooks"])
        #expect(hooks.status == 0)
        expectClean(hooks, "hooks")
        #expect(hooks.stdout.contains("\\x1b]0;owned\\x07"), "\(hooks.stdout)")
        // A header, one row per delivery (two items, one hook), and the count line.
        #expect(hooks.stdout.split(separator: "\n").count == 4, "\(hooks.stdout)")
    }

    @Test func statusShowsAHostileLastErrorEscapedOnItsRow() throws {
        let site = try site()
        _ = try site.feedd(["fetch"])
        let status = try site.feedd(["status"])
        #expect(status.status == 0)
        expectClean(status, "status")
        #expect(status.stdout.split(separator: "\n").count == 3, "\(status.stdout)")
        #expect(status.stdout.contains("\\x1b]0;owned\\x07\\u{9b}forged\\u{202e}"), "\(status.stdout)")
    }

    @Test func listAndItemsJSONCarryNoRawControlCharacter() throws {
        let site = try site()
        _ = try site.feedd(["fetch"])
        for command in [["list"], ["items", "--json"], ["search", "--json", "zebra"]] {
            let result = try site.feedd(command)
            #expect(result.status == 0)
            expectClean(result, command.joined(separator: " "))
        }
    }

    @Test func addShowsAHostileFeedTitleEscaped() throws {
        let site = try site()
        site.server.set("/other", Self.hostileFeed)
        let add = try site.feedd(["add", site.server.url("/other"), "--name", "hostile"])
        #expect(add.status == 0, "\(add.stderr)")
        expectClean(add, "add")
        #expect(add.stdout.contains("(Hostile \\x1b[31m)"), "\(add.stdout)")
    }

    @Test func parseWarningsAndErrorsAreEscaped() throws {
        let directory = try TemporaryDirectory(prefix: "feedd-terminal")
        let file = directory.path("broken.xml")
        try Data(Self.hostileEncodingFeed.utf8).write(to: URL(fileURLWithPath: file))
        let parse = try CommandRunner.run(Fixtures.feeddExecutable, ["parse", "--warnings", file], timeout: 30)
        #expect(parse.status == 2)
        expectClean(parse, "parse")
        #expect(parse.stderr.split(separator: "\n").count == 1, "\(parse.stderr)")
    }

    @Test func parseWarningsNamingAHostileItemAreEscapedOneLineEach() throws {
        let directory = try TemporaryDirectory(prefix: "feedd-terminal")
        let file = directory.path("warned.json")
        let feed = """
        {"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "\(Self.jsonEscaped(Self.hostileTitle))",
          "attachments": [{"url": "https://example.org/a.mp3", "duration_in_seconds": 1e400, "size_in_bytes": -1}]}]}
        """
        try Data(feed.utf8).write(to: URL(fileURLWithPath: file))
        let parse = try CommandRunner.run(Fixtures.feeddExecutable, ["parse", "--warnings", file], timeout: 30)
        #expect(parse.status == 0)
        expectClean(parse, "parse --warnings")
        let lines = parse.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(parse.stderr)")
        #expect(lines.allSatisfy { $0.contains("item 1 \"zebra \\x1b]0;owned\\x07") }, "\(parse.stderr)")
    }

    @Test func theDaemonLogsAHostileErrorAsOneEscapedLine() throws {
        let site = try site()
        let daemon = try site.startDaemon()
        defer { daemon.kill() }
        #expect(daemon.waitForLog("unsupported", count: 1), "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(Self.rawControls(daemon.log).isEmpty, "\(Self.rawControls(daemon.log))")
        let errorLines = daemon.lines(containing: "unsupported encoding")
        #expect(!errorLines.isEmpty && errorLines.allSatisfy { $0.contains("x\\x1b]0;owned\\x07\\u{9b}forged\\u{202e}") }, "\(daemon.log)")
    }
}
