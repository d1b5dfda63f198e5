import Foundation
import Testing
import TestSupport

/// `feedd parse URL` and `feedd parse --discover`, with the real binary against a loopback server.
@Suite struct ParseURLTests {
    static let origin = "https://www.it-boltwise.de"

    static func site() throws -> StaticSiteServer {
        let server = try StaticSiteServer()
        for (path, fixture, type) in [("/feed", "seed/feed.xml", "application/rss+xml; charset=UTF-8"),
                                      ("/article.html", "seed/article.html", "text/html; charset=UTF-8")] {
            let text = String(decoding: try Fixtures.data(fixture), as: UTF8.self)
            server.set(path, text: text.replacingOccurrences(of: origin, with: server.baseURL), contentType: type)
        }
        return server
    }

    @Test func aFeedURLIsFetchedAndPrintedAsJSONFeed() throws {
        let server = try Self.site()
        defer { server.stop() }
        let run = try CommandRunner.run(Fixtures.feeddExecutable, ["parse", server.url("/feed")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"format\": \"rss2.0\""))
        #expect(run.stdout.contains("Neue Verhandlungsrunde zwischen USA und Ukraine"))
    }

    @Test func anHTMLPageURLIsSearchedAndItsFirstFeedParsed() throws {
        let server = try Self.site()
        defer { server.stop() }
        let run = try CommandRunner.run(Fixtures.feeddExecutable, ["parse", server.url("/article.html")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"title\": \"IT BOLTWISE® x Artificial Intelligence\""))
    }

    @Test func discoverPrintsTheAdvertisedFeedsInOrder() throws {
        let run = try CommandRunner.run(Fixtures.feeddExecutable,
                                        ["parse", "--discover", "--base-url", "https://www.it-boltwise.de/x.html",
                                         Fixtures.url("seed/article.html").path])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first == "https://www.it-boltwise.de/feed")
        #expect(lines.last?.hasSuffix(".html/feed") == true)
    }

    @Test func aMissingURLExitsTwoWithOneLineNamingTheURLAndTheStatus() throws {
        let server = try Self.site()
        defer { server.stop() }
        let url = server.url("/nothing-here")
        let run = try CommandRunner.run(Fixtures.feeddExecutable, ["parse", url])
        #expect(run.status == 2)
        #expect(run.stderr.contains(url))
        #expect(run.stderr.contains("404"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stdout.isEmpty)
    }

    /// libxml2 prints encoding conversion failures to stderr on its own; a daemon's stderr is its log.
    @Test func libxml2WritesNothingToStderrForBadlyEncodedInput() throws {
        for (arguments, fixture) in [(["parse", "--discover"], "discovery/invalid-euc-jp.html"),
                                     (["parse"], "broken/invalid-euc-jp.xml")] {
            let run = try CommandRunner.run(Fixtures.feeddExecutable, arguments + [Fixtures.url(fixture).path])
            // Only feedd's own line may appear: the garbled page advertises no readable feed.
            #expect(run.status == 0 || run.status == 1)
            #expect(run.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("feedd parse: ") }, "\(run.stderr)")
        }
    }
}
