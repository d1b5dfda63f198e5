/// The element and attribute local names the feed parsers act on.
///
/// The reader interns each once in libxml2's dictionary, so recognising an element is a pointer lookup,
/// not a string built per node.
enum XMLName: String, CaseIterable {
    // RSS and RDF
    case rss, RDF, channel, item, title, link, description, language, image, url, guid, pubDate
    case author, category, enclosure, comments, ttl, managingEditor, webMaster, source, textinput
    // Atom
    case feed, entry, id, updated, published, summary, content, name, uri, email, subtitle, tagline
    case icon, logo, issued, modified, created, contributor, div
    // Namespaced extensions
    case encoded, creator, date, subject, commentRss, total, updatePeriod, updateFrequency
    case duration, thumbnail, group, keywords, videoId
    // Content elements of older and hand-made feeds (an XHTML `body` in an item, `fullitem`)
    case body, fullitem

    /// Every name by its lower-case spelling, for documents that write elements in upper case.
    static let byFoldedName: [String: XMLName] = Dictionary(allCases.map { ($0.rawValue.lowercased(), $0) }) { first, _ in first }
}

/// The namespaces feeds use, by URI (never by prefix).
enum XMLNamespace: CaseIterable {
    case none, rss090, rss10, rss20, rdf, atom, atom03, content, dublinCore, dublinCoreTerms
    case media, itunes, wellFormedWeb, slash, threading, syndication, xhtml, youtube, other

    /// The URIs that name this namespace; some have a historical second spelling.
    var uris: [String] {
        switch self {
        case .none, .other: return []
        case .rss090: return ["http://my.netscape.com/rdf/simple/0.9/"]
        case .rss10: return ["http://purl.org/rss/1.0/"]
        // The namespace UserLand once gave RSS 2.0 (and 0.92); a few feeds bind it to a prefix.
        case .rss20: return ["http://backend.userland.com/rss2", "http://backend.userland.com/rss"]
        case .rdf: return ["http://www.w3.org/1999/02/22-rdf-syntax-ns#"]
        case .atom: return ["http://www.w3.org/2005/Atom"]
        case .atom03: return ["http://purl.org/atom/ns#"]
        case .content: return ["http://purl.org/rss/1.0/modules/content/"]
        case .dublinCore: return ["http://purl.org/dc/elements/1.1/"]
        case .dublinCoreTerms: return ["http://purl.org/dc/terms/"]
        case .media: return ["http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss"]
        case .itunes: return ["http://www.itunes.com/dtds/podcast-1.0.dtd"]
        case .wellFormedWeb: return ["http://wellformedweb.org/CommentAPI/"]
        case .slash: return ["http://purl.org/rss/1.0/modules/slash/"]
        case .threading: return ["http://purl.org/syndication/thread/1.0"]
        case .syndication: return ["http://purl.org/rss/1.0/modules/syndication/"]
        case .xhtml: return ["http://www.w3.org/1999/xhtml"]
        case .youtube: return ["http://www.youtube.com/xml/schemas/2015"]
        }
    }

    /// Elements of RSS itself: no namespace (0.9x, 2.0) or the RDF-era RSS namespaces.
    var isRSSCore: Bool { self == .none || self == .rss10 || self == .rss090 || self == .rss20 }

    /// The prefixes feeds bind to these namespaces, for elements whose prefix was never declared
    /// (`<itunes:summary>` in a feed without `xmlns:itunes`).
    static let conventionalPrefixes: [String: XMLNamespace] = [
        "content": .content, "dc": .dublinCore, "dcterms": .dublinCoreTerms, "media": .media, "itunes": .itunes,
        "wfw": .wellFormedWeb, "slash": .slash, "thr": .threading, "sy": .syndication, "atom": .atom,
        "rdf": .rdf, "xhtml": .xhtml, "yt": .youtube,
    ]
}
