import Foundation
import Testing
import FeedModel
import FeedParser

/// Roots and names the specs do not allow but real feeds write are read, each with a warning that says
/// how (`Tests/Fixtures/roots/` pins what is read; these pin the warnings).
@Suite struct LenientRootTests {
    private func warnings(_ document: String) throws -> [String] {
        try TestFeeds.parse(Data(document.utf8)).warnings
    }

    @Test func rssWithoutAVersionIsReadAsTwoPointZero() throws {
        #expect(try warnings("<rss><channel><title>t</title></channel></rss>")
                == ["the <rss> element names no version; it was read as RSS 2.0"])
    }

    @Test func aVersionedRSSRootNeedsNoWarning() throws {
        #expect(try warnings("<rss version=\"2.0\"><channel><title>t</title></channel></rss>").isEmpty)
    }

    @Test func upperCaseNamesAreFoldedWithAWarning() throws {
        let feed = try TestFeeds.parse(Data("<RSS VERSION=\"2.0\"><CHANNEL><TITLE>t</TITLE><ITEM><TITLE>i</TITLE></ITEM></CHANNEL></RSS>".utf8))
        #expect(feed.title == "t")
        #expect(feed.entries.map(\.title) == ["i"])
        #expect(feed.warnings == ["element names in upper case were read as their lower-case names"])
    }

    @Test func aPrefixedRSSRootSaysItsNamespaceWasReadAsRSS() throws {
        let document = "<x:rss xmlns:x=\"http://example.com/ns\" version=\"2.0\"><x:channel><x:title>t</x:title></x:channel></x:rss>"
        let feed = try TestFeeds.parse(Data(document.utf8))
        #expect(feed.title == "t")
        #expect(feed.warnings == ["the root element <x:rss> is in a namespace; its elements in that namespace were read as RSS"])
    }

    @Test func anAtomFeedWithoutANamespaceIsReadWithAWarning() throws {
        #expect(try warnings("<feed><title>t</title></feed>") == ["the <feed> element has no namespace; it was read as Atom"])
    }

    @Test func anAtomFeedInAnotherNamespaceNamesIt() throws {
        let feed = try TestFeeds.parse(Data("<feed xmlns=\"http://example.com/a\"><title>t</title></feed>".utf8))
        #expect(feed.title == "t")
        #expect(feed.format == .atom10)
        #expect(feed.warnings == ["the <feed> element is in the namespace http://example.com/a, not Atom's; it was read as Atom"])
    }

    @Test func anUndeclaredPrefixIsReadByItsConventionalNamespace() throws {
        let document = "<rss version=\"2.0\"><channel><item><title>i</title><itunes:author>A</itunes:author></item></channel></rss>"
        let feed = try TestFeeds.parse(Data(document.utf8))
        #expect(feed.entries.first?.authors.map(\.name) == ["A"])
        #expect(feed.warnings.contains("elements with an undeclared prefix were read in the namespace that prefix usually names"))
        #expect(feed.warnings.contains { $0.contains("itunes") && $0.contains("not defined") })
    }

    @Test func aLowerCaseRDFRootIsReadAsRSS10WithAWarning() throws {
        let document = """
            <rdf:rdf xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <item><title>One</title></item></rdf:rdf>
            """
        let feed = try TestFeeds.parse(Data(document.utf8))
        #expect(feed.format == .rss10)
        #expect(feed.warnings == ["the root element <rdf:rdf> is not RDF's <rdf:RDF>; it was read as RSS 1.0"])
    }

    @Test func aRootThatIsNeitherRDFNorAFeedIsStillRefused() throws {
        #expect(TestFeeds.error(Data("<rdfs><item><title>One</title></item></rdfs>".utf8))?.description
                == "parse: not a feed (root element <rdfs>)")
    }
}
