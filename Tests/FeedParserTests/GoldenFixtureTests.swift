import Foundation
import Testing
import FeedModel
import FeedParser
import TestSupport

/// One golden file: `Tests/Fixtures/<group>/<name>.<ext>` beside `<name>.expected.json`.
///
/// The expected file holds `feedd parse`'s output (pretty JSON Feed 1.1), or `{"error": "…"}` for a
/// document that must be refused. A sidecar `<name>.content-type` gives the HTTP Content-Type to parse
/// with; every fixture is parsed with the base URL `https://example.org/feed/`.
struct GoldenFixture: CustomTestStringConvertible, Sendable {
    static let baseURL = "https://example.org/feed/"
    static let feedExtensions: Set<String> = ["xml", "json", "rss", "atom", "rdf", "html"]

    let relativePath: String

    var testDescription: String { relativePath }

    /// Every fixture under `Tests/Fixtures/`, in a stable order.
    static let all: [GoldenFixture] = {
        let root = Fixtures.url("")
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var paths: [String] = []
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            guard feedExtensions.contains(url.pathExtension), !name.hasSuffix(".expected.json") else { continue }
            if name == "article.html" { continue }   // an HTML page for autodiscovery, not a feed
            if url.deletingLastPathComponent().lastPathComponent == "discovery" { continue }   // pages, not feeds
            paths.append(String(url.path.dropFirst(root.path.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/")))
        }
        return paths.sorted().map(GoldenFixture.init)
    }()

    var url: URL { Fixtures.url(relativePath) }
    var expectedURL: URL { url.deletingPathExtension().appendingPathExtension("expected.json") }
    var contentTypeURL: URL { url.deletingPathExtension().appendingPathExtension("content-type") }

    var contentType: String? {
        (try? String(contentsOf: contentTypeURL, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What `feedd parse` prints for this fixture, or the error object.
    func actualOutput() throws -> String {
        let data = try Data(contentsOf: url)
        do {
            let feed = try FeedParser.parse(data, contentType: contentType, baseURL: GoldenFixture.baseURL)
            return JSONFeedEncoding.document(feed).serialized(pretty: true) + "\n"
        } catch {
            return JSONValue.object([("error", .string(error.description))]).serialized(pretty: true) + "\n"
        }
    }
}

@Suite struct GoldenFixtureTests {
    @Test func thereAreAtLeastFortyFiveFixtures() {
        #expect(GoldenFixture.all.count >= 45)
    }

    @Test(arguments: GoldenFixture.all)
    func fixtureParsesToItsExpectedJSON(_ fixture: GoldenFixture) throws {
        let actual = try fixture.actualOutput()
        if ProcessInfo.processInfo.environment["RECORD_FIXTURES"] == "1" {
            try actual.write(to: fixture.expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(try? String(contentsOf: fixture.expectedURL, encoding: .utf8),
                                    "missing \(fixture.expectedURL.lastPathComponent): run with RECORD_FIXTURES=1 and review it")
        #expect(actual == expected)
    }
}
