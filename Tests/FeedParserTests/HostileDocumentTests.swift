import Foundation
import Testing
import FeedModel
import FeedParser
import TestSupport

/// Documents written to hurt: each gives a `ParseError` or a bounded `Feed`, never a crash, a file leak,
/// a network request or unbounded memory. Large inputs are generated here rather than committed.
@Suite struct HostileDocumentTests {
    /// Text that only a leaked `/etc/passwd` would put in the output.
    static func leaksPasswd(_ text: String) -> Bool {
        text.contains("root:") || text.contains("/bin/") || text.contains("nologin")
    }

    @Test func externalEntityAgainstALocalFileLeaksNothing() throws {
        let feed = try TestFeeds.parse(try Fixtures.data("hostile/xxe-local-file.xml"))
        #expect(feed.entries.count == 1)
        #expect(!Self.leaksPasswd(TestFeeds.json(feed)))
    }

    @Test func externalEntityInAtomContentLeaksNothing() throws {
        let data = Data("""
            <?xml version="1.0"?>
            <!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <entry><id>1</id><title>&xxe;</title><content type="html">&xxe;</content></entry></feed>
            """.utf8)
        let feed = try TestFeeds.parse(data)
        #expect(!Self.leaksPasswd(TestFeeds.json(feed)))
        #expect(feed.warnings.contains { $0.contains("external entity &xxe; not loaded") })
    }

    @Test func parameterEntityAgainstALocalFileLeaksNothing() throws {
        let data = try Fixtures.data("hostile/xxe-parameter-entity-file.xml")
        let output = (try? TestFeeds.json(TestFeeds.parse(data))) ?? ""
        #expect(!Self.leaksPasswd(output))
    }

    @Test func billionLaughsIsRefused() {
        let error = TestFeeds.error(try! Fixtures.data("hostile/billion-laughs.xml"))
        #expect(error == .malformedXML(message: "Detected an entity reference loop", line: 1))
    }

    @Test func quadraticBlowupStaysWithinTheExpansionBudget() throws {
        // 100 KB entity referenced 10,000 times: a gigabyte if expanded naively.
        let entity = String(repeating: "A", count: 100_000)
        let references = String(repeating: "&big;", count: 10_000)
        let data = Data("""
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "\(entity)">]>
            <rss version="2.0"><channel><title>q</title><item><title>q</title><description>\(references)</description></item>
            \(TestFeeds.item(2))</channel></rss>
            """.utf8)
        let limits = ParseLimits(maxEntityExpansionBytes: 1 << 20)
        let feed = try TestFeeds.parse(data, limits: limits)
        #expect(feed.entries.count == 2)
        #expect((feed.entries[0].contentHTML?.utf8.count ?? 0) <= 1 << 20)
        #expect(feed.warnings.contains { $0.contains("entity expansion limit of 1048576 bytes reached") })
    }

    @Test func hundredThousandDeepXMLIsRefused() {
        let depth = 100_000
        let data = Data(("<rss version=\"2.0\"><channel>" + String(repeating: "<a>", count: depth)
                         + String(repeating: "</a>", count: depth) + "</channel></rss>").utf8)
        #expect(TestFeeds.error(data) == .tooDeep(limit: 200, line: 1))
    }

    @Test func hundredThousandDeepJSONIsRefused() {
        let data = Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(TestFeeds.error(data) == .tooDeep(limit: 200, line: nil))
    }

    @Test func deepJSONInsideAFeedObjectIsRefused() {
        let nested = String(repeating: "{\"a\":", count: 50_000) + "1" + String(repeating: "}", count: 50_000)
        let data = Data("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[],\"x\":\(nested)}".utf8)
        #expect(TestFeeds.error(data) == .tooDeep(limit: 200, line: nil))
    }

    @Test func documentOverTheSizeLimitIsRefusedBeforeParsing() {
        let data = TestFeeds.rss(items: (1...50).map(TestFeeds.item).joined())
        let error = TestFeeds.error(data, limits: ParseLimits(maxBytes: 1000))
        #expect(error == .tooLarge(bytes: data.count, limit: 1000))
        #expect(error?.description == "parse: document too large (\(data.count) bytes, limit 1000)")
    }

    @Test func twoHundredMegabyteDocumentIsRefusedWithTheDefaultLimit() {
        // Zero-filled pages from the allocator are not touched by the size check, so this costs no memory.
        let data = Data(count: 200 << 20)
        #expect(TestFeeds.error(data) == .tooLarge(bytes: 200 << 20, limit: ParseLimits.defaultMaxBytes))
    }

    @Test func readerStepLimitBoundsTheWorkPerDocument() {
        let data = TestFeeds.rss(items: (1...500).map(TestFeeds.item).joined())
        #expect(TestFeeds.error(data, limits: ParseLimits(maxReaderSteps: 1000)) == .tooMuchWork(limit: 1000))
    }

    @Test func aFeedOfElevenThousandItemsKeepsEveryOne() throws {
        let data = TestFeeds.rss(items: (1...11_000).map(TestFeeds.item).joined())
        let feed = try TestFeeds.parse(data)
        #expect(feed.entries.count == 11_000)
        #expect(feed.entries.last?.title == "Item 11000")
    }

    @Test func externalDTDAndEntitiesAreNeverFetched() throws {
        let server = try LoopbackListener()
        let data = Data("""
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "http://127.0.0.1:\(server.port)/rss.dtd" [
              <!ENTITY remote SYSTEM "http://127.0.0.1:\(server.port)/remote.txt">
              <!ENTITY % pe SYSTEM "http://127.0.0.1:\(server.port)/pe.dtd"> %pe;
            ]>
            <rss version="2.0"><channel><title>t &remote;</title>\(TestFeeds.item(1))</channel></rss>
            """.utf8)
        _ = try? TestFeeds.parse(data)
        #expect(server.acceptedConnections() == 0)
    }
}

/// Shapes that make libxml2 2.9 work super-linearly.
@Suite struct PathologicalShapeTests {
    @Test func elementWithTooManyAttributesIsRefusedBeforeLibxml2SeesIt() {
        let attributes = (0..<100_000).map { "a\($0)=\"x\"" }.joined(separator: " ")
        let data = TestFeeds.rss(items: "<item \(attributes)><title>x</title></item>")
        #expect(TestFeeds.error(data) == .tooManyAttributes(limit: 1000))
    }

    @Test func equalsSignsOutsideTagsDoNotCountAsAttributes() throws {
        let text = String(repeating: "=", count: 5000)
        let escapedHTML = String(repeating: "&lt;a href=\"/x\"&gt;", count: 2000)
        let data = TestFeeds.rss(items: """
            <item><title>\(text)</title><description><![CDATA[\(text)]]></description></item>
            <item><description>\(escapedHTML)</description></item>
            """)
        #expect(try TestFeeds.parse(data).entries.count == 2)
    }

    @Test func quotedGreaterThanSignsDoNotHideAttributes() {
        let attributes = (0..<5_000).map { "a\($0)=\">\"" }.joined(separator: " ")
        #expect(TestFeeds.error(TestFeeds.rss(items: "<item \(attributes)/>")) == .tooManyAttributes(limit: 1000))
    }

    @Test func rareEncodingsAlsoPassThroughTheGuards() {
        let attributes = (0..<5_000).map { "a\($0)=\"x\"" }.joined(separator: " ")
        let text = "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><rss version=\"2.0\"><channel><item \(attributes)/></channel></rss>"
        #expect(TestFeeds.error(Data(text.utf8)) == .tooManyAttributes(limit: 1000))
    }

    @Test func hugeTextNodeGivesABoundedResult() throws {
        let data = TestFeeds.rss(items: "<item><title>\(String(repeating: "a", count: 12_000_000))</title></item>")
        let feed = try TestFeeds.parse(data)
        #expect(feed.entries.count <= 1)
    }
}
