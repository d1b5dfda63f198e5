import FeedModel

/// Atom 1.0 (RFC 4287) with the threading extension (RFC 4685), and Atom 0.3, whose element names
/// mostly match (`tagline`, `issued`, `modified`, `url` are its own).
struct AtomParser {
    private let reader: XMLReader
    private let limits: ParseLimits
    private var feed: Feed
    private let finisher: EntryFinisher
    /// The entries handed to `finisher` so far (`feed.entries` fills only at the end).
    private var entryCount = 0
    /// Entries found below an element other than `<feed>`, and where the first one was.
    private var wrappedEntries = 0
    private var firstWrapper: (name: String, line: Int)?

    /// Reads the feed whose root `<feed>` element the reader is on.
    /// With `observer`, entries are finished on a second thread (see `EntryFinisher`).
    static func parse(_ reader: XMLReader, format: FeedFormat, limits: ParseLimits,
                      observer: EntryFinisher.Observer? = nil) -> Feed {
        var parser = AtomParser(reader: reader, limits: limits, feed: Feed(format: format), finisher: EntryFinisher(observer: observer))
        parser.feed.language = reader.language?.trimmedOrNil
        parser.readFeed()
        parser.finisher.complete(&parser.feed)
        return parser.feed
    }

    private init(reader: XMLReader, limits: ParseLimits, feed: Feed, finisher: EntryFinisher) {
        self.reader = reader
        self.limits = limits
        self.feed = feed
        self.finisher = finisher
    }

    /// Atom elements; a namespace-less `<feed>` (seen in hand-written feeds) counts too.
    private var isAtom: Bool {
        let namespace = reader.namespace
        return namespace == .atom || namespace == .atom03 || namespace == .none
    }

    private mutating func readFeed() {
        reader.forEachChildElement { readFeedChild() }
        if let firstWrapper {
            feed.warnings.append("line \(firstWrapper.line): \(wrappedEntries == 1 ? "1 entry was" : "\(wrappedEntries) entries were") inside <\(firstWrapper.name)>, "
                                 + "not directly in <feed>; they were kept")
        }
    }

    /// An element of the feed that Atom does not define: some generators wrap the entries in one,
    /// and an aggregator must not lose them, so its entries at any depth are read.
    private mutating func readWrapper() {
        guard !reader.isEmptyElement else { return }
        readWrapped(in: (name: reader.qualifiedNameString, line: reader.line))
    }

    private mutating func readWrapped(in wrapper: (name: String, line: Int)) {
        reader.forEachChildElement {
            guard isAtom, reader.name == .entry else { return readWrapped(in: wrapper) }
            if firstWrapper == nil { firstWrapper = wrapper }
            wrappedEntries += 1
            readEntry()
        }
    }

    private mutating func readFeedChild() {
        guard isAtom, let name = reader.name else { return readWrapper() }
        switch name {
        case .title:
            let title = reader.readTextConstruct { readFeedChild() }?.plainText
            feed.title = feed.title ?? title
        case .subtitle, .tagline: feed.description = feed.description ?? reader.readTextConstruct()?.plainText
        case .link: readFeedLink()
        case .icon: feed.iconURL = URLResolver.resolve(reader.readText(), against: reader.baseURI) ?? feed.iconURL
        case .logo:
            if feed.iconURL == nil { feed.iconURL = URLResolver.resolve(reader.readText(), against: reader.baseURI) }
        case .author:
            if let author = readPerson() { feed.authors.append(author) }
        case .entry: readEntry()
        default: readWrapper()
        }
    }

    private mutating func readFeedLink() {
        let rel = reader.attribute("rel")?.lowercased() ?? "alternate"
        guard let href = URLResolver.resolve(reader.attribute("href"), against: reader.baseURI) else { return }
        switch rel {
        case "alternate": feed.homePageURL = feed.homePageURL ?? href
        case "self": feed.feedURL = feed.feedURL ?? href
        case "hub": if !feed.hubURLs.contains(href) { feed.hubURLs.append(href) }
        default: break
        }
    }

    /// `<author>` or `<contributor>`: name, uri (0.3: url), email.
    private func readPerson() -> Author? {
        var author = Author()
        reader.forEachChildElement {
            guard isAtom else { return }
            switch reader.name {
            case .name?: author.name = reader.readText()
            case .uri?, .url?: author.url = URLResolver.resolve(reader.readText(), against: reader.baseURI)
            case .email?: author.email = reader.readText()
            default: break
            }
        }
        return author.isEmpty ? nil : author
    }

    private mutating func readEntry() {
        var draft = EntryDraft()
        let line = reader.line
        // Entries read inside this one (see `readEntryElement`) are appended first; this one goes
        // before them, so the feed keeps document order.
        let position = entryCount
        reader.forEachChildElement { readEntryChild(&draft) }
        finisher.take(draft, at: position, documentURL: reader.documentURL, line: line, warningIndex: feed.warnings.count)
        entryCount += 1
    }

    private mutating func readEntryChild(_ draft: inout EntryDraft) {
        if isAtom { readEntryElement(&draft) } else { readEntryExtension(&draft) }
    }

    private mutating func readEntryElement(_ draft: inout EntryDraft) {
        guard let name = reader.name else { return }
        switch name {
        case .entry:
            // An entry inside an entry: what recovery builds when a tag of the one before was left open
            // (`<title>Zweiter Eintrag<id>…</entry><entry>…`). It is an entry of the feed all the same.
            readEntry()
        case .id: draft.entry.guid = reader.readText()
        case .title:
            // Elements recovery put inside an unclosed title are the entry's own (`<title>A<id>…</id></entry>`).
            let title = reader.readTextConstruct { readEntryChild(&draft) }?.plainText
            draft.entry.title = title
        case .link: readEntryLink(&draft)
        case .content:
            if reader.attribute("src") != nil {
                draft.entry.externalURL = URLResolver.resolve(reader.attribute("src"), against: reader.baseURI)
            } else {
                draft.body = reader.readTextConstruct()
            }
        case .summary: draft.teaser = reader.readTextConstruct()
        case .published, .issued:
            draft.entry.published = reader.readText().flatMap(DateParser.parse)
        case .created:
            if draft.entry.published == nil { draft.entry.published = reader.readText().flatMap(DateParser.parse) }
        case .updated, .modified:
            draft.entry.modified = reader.readText().flatMap(DateParser.parse)
        case .author:
            if let author = readPerson() { draft.entry.authors.append(author) }
        case .category:
            draft.addTag(reader.attribute("term") ?? reader.attribute("label"))
        default: break
        }
    }

    private func readEntryExtension(_ draft: inout EntryDraft) {
        if draft.readExtension(reader) { return }
        switch (reader.namespace, reader.name) {
        case (.threading, .total?), (.slash, .comments?):
            let element = reader.namespace == .slash ? "<slash:comments>" : "<thr:total>"
            draft.entry.commentCount = draft.commentCount(reader.readText(), element: element) ?? draft.entry.commentCount
        case (.wellFormedWeb, .commentRss?):
            draft.entry.commentsFeedURL = draft.entry.commentsFeedURL ?? URLResolver.resolve(reader.readText(), against: reader.baseURI)
        case (.dublinCore, .creator?):
            if let name = reader.readText() { draft.entry.authors.append(Author(name: name)) }
        case (.dublinCore, .date?), (.dublinCoreTerms, .issued?), (.dublinCoreTerms, .created?):
            // Dublin Core dates in Atom entries; Atom's own `published` wins.
            if draft.entry.published == nil { draft.entry.published = reader.readText().flatMap(DateParser.parse) }
        case (.dublinCoreTerms, .modified?):
            if draft.entry.modified == nil { draft.entry.modified = reader.readText().flatMap(DateParser.parse) }
        case (.dublinCore, .subject?):
            draft.addTag(reader.readText())
        default: break
        }
    }

    /// Entry links: the article (`alternate`), its comments (`replies`, RFC 4685 §4 with `thr:count`),
    /// attachments (`enclosure`) and a link to elsewhere (`related`).
    private func readEntryLink(_ draft: inout EntryDraft) {
        let rel = reader.attribute("rel")?.lowercased() ?? "alternate"
        guard let href = URLResolver.resolve(reader.attribute("href"), against: reader.baseURI) else { return }
        let type = reader.attribute("type")?.trimmedOrNil
        switch rel {
        case "alternate":
            draft.alternates.append((href, type?.lowercased()))
        case "replies":
            let count = draft.commentCount(reader.attribute("count", namespace: .threading), element: "<link thr:count>")
            // Blogger lists the comment feed (Atom) and the comments page (HTML) both as replies.
            if type?.lowercased() == "text/html" {
                draft.entry.commentsURL = draft.entry.commentsURL ?? href
            } else if draft.entry.commentsFeedURL == nil {
                draft.entry.commentsFeedURL = href
            }
            if draft.entry.commentCount == nil { draft.entry.commentCount = count }
        case "enclosure":
            let size = draft.byteCount(reader.attribute("length"), element: "<link length>")
            draft.addEnclosure(Enclosure(url: href, mimeType: type, sizeInBytes: size, title: reader.attribute("title")?.trimmedOrNil))
        case "related", "via":
            draft.entry.externalURL = draft.entry.externalURL ?? href
        default: break
        }
    }
}
