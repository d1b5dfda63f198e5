import FeedModel

/// RSS 0.90, 0.91, 0.92, 2.0 and RSS 1.0 (RDF): one reader for all, since they share their elements;
/// in the RDF versions the items are siblings of `<channel>` instead of its children.
struct RSSParser {
    private let reader: XMLReader
    private let limits: ParseLimits
    private var feed: Feed
    private let finisher: EntryFinisher
    /// The entries handed to `finisher` so far (`feed.entries` fills only at the end).
    private var entryCount = 0
    private var ttl: Double?
    private var updatePeriod: String?
    private var updateFrequency: Int64?
    /// Items found below an element other than the root or `<channel>`, and where the first one was.
    private var wrappedItems = 0
    private var firstWrapper: (name: String, line: Int)?

    /// Reads the feed whose root element (`<rss>` or `<rdf:RDF>`) the reader is on.
    /// With `observer`, items are finished on a second thread (see `EntryFinisher`).
    static func parse(_ reader: XMLReader, format: FeedFormat, limits: ParseLimits,
                      observer: EntryFinisher.Observer? = nil) -> Feed {
        var parser = RSSParser(reader: reader, limits: limits, feed: Feed(format: format), finisher: EntryFinisher(observer: observer))
        parser.readRoot()
        parser.finisher.complete(&parser.feed)
        return parser.feed
    }

    private init(reader: XMLReader, limits: ParseLimits, feed: Feed, finisher: EntryFinisher) {
        self.reader = reader
        self.limits = limits
        self.feed = feed
        self.finisher = finisher
    }

    private mutating func readRoot() {
        reader.forEachChildElement {
            guard reader.namespace.isRSSCore else { return readWrapper() }
            switch reader.name {
            case .channel?: readChannel()
            case .item?: readItem()
            case .image?: readImage()
            default: readWrapper()
            }
        }
        feed.ttl = ttl
        feed.syndicationInterval = FeedValues.syndicationInterval(period: updatePeriod, frequency: updateFrequency)
        if let firstWrapper {
            feed.warnings.append("line \(firstWrapper.line): \(wrappedItems == 1 ? "1 item was" : "\(wrappedItems) items were") inside <\(firstWrapper.name)>, "
                                 + "not directly in <channel> or the root; they were kept")
        }
    }

    /// An element of the root or the channel that RSS does not define: some generators wrap the items in
    /// one (`<items>`, an export's `<x:page>`), and an aggregator must not lose them, so its items at any
    /// depth are read (Python feedparser, which reads an `<item>` wherever it is, keeps them too).
    private mutating func readWrapper() {
        guard !reader.isEmptyElement else { return }
        readWrapped(in: (name: reader.qualifiedNameString, line: reader.line))
    }

    private mutating func readWrapped(in wrapper: (name: String, line: Int)) {
        reader.forEachChildElement {
            guard reader.namespace.isRSSCore, reader.name == .item else { return readWrapped(in: wrapper) }
            if firstWrapper == nil { firstWrapper = wrapper }
            wrappedItems += 1
            readItem()
        }
    }

    private mutating func readChannel() {
        reader.forEachChildElement { readChannelChild() }
    }

    private mutating func readChannelChild() {
        let namespace = reader.namespace
        guard let name = reader.name else { return readWrapper() }
        if namespace.isRSSCore {
            readChannelElement(name)
            return
        }
        switch (namespace, name) {
        case (.atom, .link): readAtomLink()
        case (.dublinCore, .language): feed.language = feed.language ?? reader.readText()
        case (.dublinCore, .creator), (.itunes, .author):
            if let name = reader.readText(), !feed.authors.contains(where: { $0.name == name }) {
                feed.authors.append(Author(name: name))
            }
        case (.itunes, .image):
            if feed.iconURL == nil { feed.iconURL = URLResolver.resolve(reader.attribute("href"), against: reader.baseURI) }
        case (.syndication, .updatePeriod): updatePeriod = reader.readText()
        case (.syndication, .updateFrequency):
            updateFrequency = channelNumber(FeedNumber.whole, max: FeedNumberLimits.maxUpdateFrequency, element: "<sy:updateFrequency>")
        default: readWrapper()
        }
    }

    private mutating func readChannelElement(_ name: XMLName) {
        switch name {
        case .title:
            // Elements recovery put inside an unclosed channel title are the channel's own.
            let title = reader.readText { readChannelChild() }
            feed.title = feed.title ?? title
        case .link:
            if feed.homePageURL == nil { feed.homePageURL = URLResolver.resolve(reader.readText(), against: reader.baseURI) }
        case .description: feed.description = feed.description ?? reader.readText()
        case .language: feed.language = feed.language ?? reader.readText()
        case .image: readImage()
        case .ttl:
            if let minutes = channelNumber(FeedNumber.whole, max: FeedNumberLimits.maxTTLMinutes, element: "<ttl>"), minutes > 0 {
                ttl = Double(minutes) * 60
            }
        case .managingEditor:
            if let author = FeedValues.rssAuthor(reader.readText()) { feed.authors.append(author) }
        case .item: readItem()
        default: readWrapper()
        }
    }

    /// A channel's number read from the current element's text; a refused one is absent with a warning.
    private mutating func channelNumber(_ read: (String?, Int64) -> NumberReading<Int64>, max: Int64, element: String) -> Int64? {
        let line = reader.line
        let text = reader.readText()
        let reading = read(text, max)
        if case .rejected(let reason) = reading {
            feed.warnings.append("line \(line): channel \(element) \(FeedNumber.quoted(text)) \(reason); left out")
        }
        return reading.accepted
    }

    private mutating func readImage() {
        reader.forEachChildElement {
            if reader.namespace.isRSSCore, reader.name == .url, feed.iconURL == nil {
                feed.iconURL = URLResolver.resolve(reader.readText(), against: reader.baseURI)
            }
        }
    }

    /// `atom:link` inside an RSS channel: the feed's own URL and its WebSub hubs.
    private mutating func readAtomLink() {
        let rel = reader.attribute("rel")?.lowercased() ?? "alternate"
        guard let href = URLResolver.resolve(reader.attribute("href"), against: reader.baseURI) else { return }
        switch rel {
        case "self": feed.feedURL = feed.feedURL ?? href
        case "hub": if !feed.hubURLs.contains(href) { feed.hubURLs.append(href) }
        case "alternate": feed.homePageURL = feed.homePageURL ?? href
        default: break
        }
    }

    private mutating func readItem() {
        var draft = EntryDraft()
        let line = reader.line
        // RSS 1.0 §5.5: an item's `rdf:about` is its URI, "identical to the value of the <link>
        // element, if possible"; it identifies the item where RSS 2.0 would have a guid.
        let about = feed.format == .rss20 ? nil : reader.attribute("about", namespace: .rdf)?.trimmedOrNil
        // Items read inside this one (see `readCoreItemElement`) are appended first; this one goes
        // before them, so the feed keeps document order.
        let position = entryCount
        reader.forEachChildElement { readItemElement(&draft) }
        if draft.entry.guid == nil, let about { draft.entry.guid = about }
        finisher.take(draft, at: position, documentURL: reader.documentURL, line: line, warningIndex: feed.warnings.count)
        entryCount += 1
    }

    private mutating func readItemElement(_ draft: inout EntryDraft) {
        let namespace = reader.namespace
        guard let name = reader.name else { return }
        if namespace.isRSSCore {
            readCoreItemElement(name, into: &draft)
            return
        }
        if draft.readExtension(reader) { return }
        switch (namespace, name) {
        case (.content, .encoded):
            if draft.body == nil { draft.body = reader.readHTMLConstruct() }
        case (.xhtml, .body):
            // An item's XHTML body: its markup is the article (RSS 2.0 with the XHTML namespace).
            if draft.body == nil { draft.body = reader.readContent(.xhtml).trimmedOrNil.map { TextConstruct(value: $0, kind: .html) } }
        case (.dublinCore, .creator), (.dublinCore, .contributor), (.dublinCore, .author):
            if let name = reader.readText(), !draft.entry.authors.contains(where: { $0.name == name }) {
                draft.entry.authors.append(Author(name: name))
            }
        case (.dublinCore, .date):
            if draft.entry.published == nil { draft.entry.published = reader.readText().flatMap(DateParser.parse) }
        case (.dublinCore, .subject):
            draft.addTag(reader.readText())
        case (.dublinCoreTerms, .issued), (.dublinCoreTerms, .created):
            // DCMI Terms: `issued` is the publication, `created` the next best; `pubDate`/`dc:date` win.
            if draft.entry.published == nil { draft.entry.published = reader.readText().flatMap(DateParser.parse) }
        case (.dublinCoreTerms, .modified), (.atom, .updated):
            draft.entry.modified = reader.readText().flatMap(DateParser.parse)
        case (.wellFormedWeb, .commentRss):
            draft.entry.commentsFeedURL = URLResolver.resolve(reader.readText(), against: reader.baseURI)
        case (.slash, .comments), (.threading, .total):
            let element = namespace == .slash ? "<slash:comments>" : "<thr:total>"
            draft.entry.commentCount = draft.commentCount(reader.readText(), element: element) ?? draft.entry.commentCount
        case (.atom, .link):
            let rel = reader.attribute("rel")?.lowercased() ?? "alternate"
            let href = URLResolver.resolve(reader.attribute("href"), against: reader.baseURI)
            if rel == "replies", draft.entry.commentsFeedURL == nil { draft.entry.commentsFeedURL = href }
            if rel == "alternate", let href { draft.alternates.append((href, reader.attribute("type"))) }
        default: break
        }
    }

    private mutating func readCoreItemElement(_ name: XMLName, into draft: inout EntryDraft) {
        switch name {
        case .item:
            // An item inside an item: never valid RSS, but what recovery builds when a tag of the item
            // before was left open (`<title>Zweiter Eintrag<link>…</item><item>…`): the next item ends
            // up as a child of the broken one. It is an item of the feed all the same.
            readItem()
        case .title:
            // Elements recovery put inside an unclosed title are the item's own (see `readText(readingNested:)`).
            let title = reader.readText { readItemElement(&draft) }
            if draft.entry.title == nil { draft.entry.title = title }
        case .link:
            if draft.entry.url == nil { draft.entry.url = URLResolver.resolve(reader.readText(), against: reader.baseURI) }
        case .guid:
            draft.guidIsPermaLink = reader.attribute("isPermaLink")?.lowercased() != "false"
            draft.entry.guid = reader.readText()
        case .description:
            if draft.teaser == nil { draft.teaser = reader.readHTMLConstruct() }
        case .pubDate:
            draft.entry.published = reader.readText().flatMap(DateParser.parse) ?? draft.entry.published
        case .author:
            if let author = FeedValues.rssAuthor(reader.readText()) { draft.entry.authors.append(author) }
        case .category:
            draft.addTag(reader.readText())
        case .comments:
            draft.entry.commentsURL = URLResolver.resolve(reader.readText(), against: reader.baseURI)
        case .body, .fullitem:
            // Undeclared `<body>` or `<fullitem>` in hand-made feeds: the full text, after `content:encoded`.
            if draft.body == nil { draft.body = reader.readHTMLConstruct() }
        case .enclosure:
            if let url = URLResolver.resolve(reader.attribute("url"), against: reader.baseURI) {
                let size = draft.byteCount(reader.attribute("length"), element: "<enclosure length>")
                draft.addEnclosure(Enclosure(url: url, mimeType: reader.attribute("type")?.trimmedOrNil, sizeInBytes: size))
            }
        default: break
        }
    }
}
