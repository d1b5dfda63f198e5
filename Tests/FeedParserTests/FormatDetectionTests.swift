import Foundation
import Testing
import FeedModel
import FeedParser

/// The format comes from the content: the root element, or a leading `{` for JSON.
@Suite struct FormatDetectionTests {
    @Test(arguments: [
        ("<rss version=\"2.0\"><channel/></rss>", FeedFormat.rss20),
        ("<rss version=\"0.91\"><channel/></rss>", .rss09),
        ("<rss version=\"0.92\"><channel/></rss>", .rss09),
        ("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel/></rdf:RDF>", .rss10),
        ("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><channel/></rdf:RDF>", .rss09),
        ("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", .atom10),
        ("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"/>", .atom03),
        ("\u{FEFF} \n {\"version\": \"https://jsonfeed.org/version/1\", \"items\": []}", .jsonFeed),
    ])
    func rootElementDecidesTheFormat(document: String, format: FeedFormat) throws {
        #expect(try TestFeeds.parse(Data(document.utf8)).format == format)
    }

    @Test func contentTypeDoesNotOverrideTheContent() throws {
        let data = Data("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>".utf8)
        #expect(try TestFeeds.parse(data, contentType: "application/json").format == .atom10)
    }

    @Test func anHTMLPageIsNotAFeed() {
        let data = Data("<!DOCTYPE html><html><head><title>x</title></head><body><p>hi</body></html>".utf8)
        #expect(TestFeeds.error(data)?.description == "parse: not a feed (root element <html>)")
    }

    @Test func otherXMLIsNotAFeed() {
        #expect(TestFeeds.error(Data("<opml version=\"2.0\"/>".utf8)) == .notAFeed("root element <opml>"))
    }

    @Test func anEmptyDocumentIsAnError() {
        #expect(TestFeeds.error(Data(" \n".utf8)) == .empty)
    }

    @Test func everyErrorMessageStartsWithTheStage() {
        let errors: [ParseError] = [.empty, .tooLarge(bytes: 2, limit: 1), .notAFeed("x"), .malformedXML(message: "m", line: 3),
                                    .malformedJSON("m"), .tooDeep(limit: 1, line: nil), .tooMuchWork(limit: 1), .unsupportedEncoding("x")]
        #expect(errors.allSatisfy { $0.description.hasPrefix("parse: ") })
    }
}
