import Foundation
import Testing
import TestSupport
@testable import FeedParser

private func read(_ fixture: String) throws -> [OPMLOutline] {
    try OPMLReader.read(try Fixtures.data("opml/\(fixture)"))
}

private func readError(_ text: String) -> OPMLError? {
    do {
        _ = try OPMLReader.read(Data(text.utf8))
        return nil
    } catch {
        return error
    }
}

@Test func newsboatExportListsEveryFeedInOrder() throws {
    let outlines = try read("newsboat.opml")
    #expect(outlines.map(\.xmlURL) == [
        "https://www.it-boltwise.de/feed",
        "https://lwn.net/headlines/rss",
        "https://github.com/swiftlang/swift/releases.atom",
        "https://www.youtube.com/feeds/videos.xml?channel_id=UC_x5XG1OV2P6uZZ5FSM9Ttw&hl=en",
        "https://www.it-boltwise.de/neue-verhandlungsrunde-zwischen-usa-und-ukraine-hoffnung-auf-friedensgespraeche.html/feed",
    ])
    #expect(outlines[0] == OPMLOutline(title: "IT BOLTWISE® x Artificial Intelligence", xmlURL: "https://www.it-boltwise.de/feed",
                                       htmlURL: "https://www.it-boltwise.de", categories: []))
}

@Test func blankTitleFallsBackToTextAndBlankValuesAreNil() throws {
    let outlines = try read("newsboat.opml")
    #expect(outlines[3].title == "Google for Developers")
    #expect(outlines[4].title == nil)
    #expect(outlines[4].htmlURL == nil)
}

@Test func feedlyFoldersBecomeCategories() throws {
    let outlines = try read("feedly.opml")
    #expect(outlines.map(\.title) == ["Ars Technica", "LWN.net", "IT BOLTWISE® x Artificial Intelligence", "Daring Fireball"])
    #expect(outlines[0].categories == ["Tech"])
    #expect(outlines[2].categories == ["KI & Gesellschaft"])
    #expect(outlines[3].categories.isEmpty)
}

@Test func feedInTwoFoldersIsListedOnceWithBothCategories() throws {
    let lwn = try read("feedly.opml").filter { $0.xmlURL == "https://lwn.net/headlines/rss" }
    #expect(lwn.count == 1)
    #expect(lwn.first?.categories == ["Tech", "KI & Gesellschaft"])
}

@Test func nestedFoldersGiveOuterFirstThenTheOutlinesOwnCategories() throws {
    let outlines = try read("miniflux.opml")
    #expect(outlines.count == 3)
    #expect(outlines[0].categories == ["Nachrichten"])
    #expect(outlines[1] == OPMLOutline(title: "Süddeutsche Zeitung: München", xmlURL: "https://rss.sueddeutsche.de/rss/M%C3%BCnchen",
                                       htmlURL: "https://www.sueddeutsche.de/muenchen",
                                       categories: ["Nachrichten", "München", "Lokal/Bayern", "Stadt"]))
}

@Test func attributeNamesInAnyCaseAreRead() throws {
    let podcast = try #require(try read("miniflux.opml").last)
    #expect(podcast.xmlURL == "https://feeds.lagedernation.org/feeds/ldn-mp3.xml")
    #expect(podcast.htmlURL == "https://lagedernation.org")
    #expect(podcast.categories == ["Podcasts"])
}

@Test func latin1DocumentComesOutAsUnicode() throws {
    let outlines = try read("latin1.opml")
    #expect(outlines == [OPMLOutline(title: "Kölner Stadt-Anzeiger", xmlURL: "https://www.ksta.de/feed/index.rss",
                                     categories: ["Grüße aus Köln"])])
}

@Test func feedIsNotAnOPMLDocument() throws {
    let error = readError("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>")
    #expect(error == .notOPML(rootElement: "rss", line: 2))
    #expect(error?.description == "opml: not an OPML document: the root element at line 2 is <rss>")
}

@Test func malformedXMLNamesTheLine() throws {
    let error = try #require(readError("<opml version=\"1.0\">\n<body>\n<outline text=\"a\">\n</body>\n</opml>"))
    guard case .malformed(let message, let line) = error else {
        Issue.record("expected .malformed, got \(error)")
        return
    }
    #expect(line == 4)
    #expect(message.contains("outline"))
    #expect(error.description.hasPrefix("opml: not well-formed XML at line 4: "))
}

@Test func emptyDocumentIsAnError() {
    #expect(readError("") == .unreadableSize(bytes: 0))
    #expect(readError("   ") != nil)
}

@Test func externalEntityInAnAttributeIsRefusedNotLoaded() {
    let hostile = """
        <?xml version="1.0"?>
        <!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <opml version="1.0"><body><outline text="&secret;" xmlUrl="https://example.org/feed"/></body></opml>
        """
    guard case .malformed(let message, let line)? = readError(hostile) else {
        Issue.record("an external entity in an attribute must be an error")
        return
    }
    #expect(line == 3)
    #expect(!message.contains("root:"))
}

@Test func externalEntityInTextIsNeverLoaded() throws {
    let hostile = """
        <?xml version="1.0"?>
        <!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <opml version="1.0"><head><title>&secret;</title></head>
        <body><outline text="Folder">&secret;<outline text="Feed" xmlUrl="https://example.org/feed"/></outline></body></opml>
        """
    let outlines = try OPMLReader.read(Data(hostile.utf8))
    #expect(outlines == [OPMLOutline(title: "Feed", xmlURL: "https://example.org/feed", categories: ["Folder"])])
}
