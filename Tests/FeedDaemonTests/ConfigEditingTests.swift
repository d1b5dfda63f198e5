import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

private let userConfig = """
# my feeds
[daemon]
interval = "30m"   # slow

[[feed]]
url = "https://www.it-boltwise.de/feed"
name = "boltwise"
"""

@Test func appendFeedKeepsTheFileAndAddsABlockThatLoads() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("feedd.toml")
    try userConfig.write(toFile: path, atomically: false, encoding: .utf8)
    try ConfigEditing.appendFeed(url: "https://blog.example.org/feed/", name: "blog", tags: ["tech", "ki"],
                                 toConfigAt: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasPrefix(userConfig + "\n"))
    #expect(text.hasSuffix("[[feed]]\nurl = \"https://blog.example.org/feed/\"\nname = \"blog\"\ntags = [\"tech\", \"ki\"]\n"))
    let config = try ConfigLoader.load(path: path)
    #expect(config.feeds.map(\.name) == ["boltwise", "blog"])
    #expect(config.feeds[1].tags == ["tech", "ki"])
    #expect(config.daemon.interval == .seconds(1800))
}

@Test func appendFeedEscapesNamesAndTags() throws {
    let awkward = "Quote \" back\\slash # not a comment ünïcode 'x' [y]"
    let text = try ConfigEditing.appending([.init(url: "https://a.example/feed", name: awkward, tags: ["a\"b"])],
                                           to: "", path: "/tmp/feedd.toml")
    let config = try ConfigLoader.parse(text: text, path: "/tmp/feedd.toml")
    #expect(config.feeds.first?.name == awkward)
    #expect(config.feeds.first?.tags == ["a\"b"])
}

@Test func appendFeedRefusesANameWithALineBreak() {
    #expect(throws: ConfigError.self) {
        try ConfigEditing.appending([.init(url: "https://a.example/feed", name: "two\nlines")], to: "", path: "/tmp/feedd.toml")
    }
}

@Test func appendFeedRefusesAURLAlreadyConfigured() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("feedd.toml")
    try userConfig.write(toFile: path, atomically: false, encoding: .utf8)
    #expect(throws: ConfigError.self) {
        try ConfigEditing.appendFeed(url: "https://WWW.IT-BOLTWISE.DE/feed", name: nil, tags: [], toConfigAt: path)
    }
    do {
        try ConfigEditing.appendFeed(url: "https://www.it-boltwise.de/feed", name: "x", tags: [], toConfigAt: path)
    } catch {
        #expect(error.line == 5)
        #expect(error.key == "url")
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == userConfig)
}

@Test func appendFeedRefusesABadURLAndLeavesTheFileAlone() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("feedd.toml")
    try userConfig.write(toFile: path, atomically: false, encoding: .utf8)
    do {
        try ConfigEditing.appendFeed(url: "ftp://example.org/feed", name: nil, tags: [], toConfigAt: path)
        Issue.record("a ftp URL was accepted")
    } catch {
        #expect(error.key == "url")
        #expect(error.line == nil)
        #expect(error.message.contains("unsupported scheme 'ftp'"))
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == userConfig)
}

@Test func appendFeedCreatesAMissingConfig() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("sub/feedd.toml")
    try ConfigEditing.appendFeed(url: "https://a.example/feed", name: nil, tags: [], toConfigAt: path)
    let config = try ConfigLoader.load(path: path)
    #expect(config.feeds.map(\.name) == ["a.example"])
}

@Test func appendFeedsAddsAllOrNone() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("feedd.toml")
    try userConfig.write(toFile: path, atomically: false, encoding: .utf8)
    #expect(throws: ConfigError.self) {
        try ConfigEditing.appendFeeds([.init(url: "https://a.example/feed"), .init(url: "https://a.example/feed")],
                                      toConfigAt: path)
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == userConfig)
    try ConfigEditing.appendFeeds([.init(url: "https://a.example/feed"), .init(url: "https://b.example/feed")],
                                  toConfigAt: path)
    #expect(try ConfigLoader.load(path: path).feeds.count == 3)
}

@Test func appendFeedKeepsTheFilePermissions() throws {
    let folder = try TemporaryDirectory()
    let path = folder.path("feedd.toml")
    try userConfig.write(toFile: path, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    try ConfigEditing.appendFeed(url: "https://a.example/feed", name: nil, tags: [], toConfigAt: path)
    let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(permissions == 0o600)
}

// MARK: - OPML export

@Test func opmlExportEscapesTextAndPutsAFeedInTheFolderOfItsFirstTag() throws {
    let feed = FeedConfig(url: try #require(URL(string: "https://a.example/feed?a=1&b=2")),
                          name: "Tom & Jerry <\"quoted\">", tags: ["news", "k,i", "x"])
    let opml = OPMLExport.document(feeds: [feed], title: "My <feeds>")
    #expect(opml == """
    <?xml version="1.0" encoding="UTF-8"?>
    <opml version="2.0">
      <head>
        <title>My &lt;feeds&gt;</title>
      </head>
      <body>
        <outline text="news" title="news">
          <outline type="rss" text="Tom &amp; Jerry &lt;&quot;quoted&quot;&gt;" title="Tom &amp; Jerry &lt;&quot;quoted&quot;&gt;" xmlUrl="https://a.example/feed?a=1&amp;b=2" category="k i,x"/>
        </outline>
      </body>
    </opml>

    """)
}

@Test func opmlExportDropsCharactersXMLCannotHold() {
    #expect(OPMLExport.escape("a\u{01}b\u{FFFE}c\nd") == "abc&#10;d")
}
