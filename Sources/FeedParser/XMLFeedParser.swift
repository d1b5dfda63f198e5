import CLibXML2
import Foundation
import FeedModel

/// The XML formats: decides the encoding, repairs the bytes, runs the reader and hands the root
/// element to the parser of its format.
enum XMLFeedParser {
    static func parse(_ data: Data, contentType: String?, baseURL: String?, limits: ParseLimits,
                      observer: EntryFinisher.Observer? = nil) -> Result<Feed, ParseError> {
        data.withUnsafeBytes { raw in
            let encoding = CharacterEncoding.detect(raw, contentType: contentType)
            let markLength = CharacterEncoding.byteOrderMark(raw).map { $0.encoding == encoding ? $0.length : 0 } ?? 0
            let body = UnsafeRawBufferPointer(rebasing: raw[markLength...])
            let utf8: [UInt8]?
            var warnings: [String] = []
            switch encoding {
            case .utf8: utf8 = nil
            case .utf16LittleEndian: utf8 = UTF16Transcoder.toUTF8(body, bigEndian: false)
            case .utf16BigEndian: utf8 = UTF16Transcoder.toUTF8(body, bigEndian: true)
            case .windows1252: utf8 = Windows1252.toUTF8(body)
            case .other(let name):
                // Every other encoding goes through iconv first, so the repair pass and its guards see
                // every document as UTF-8.
                guard let converted = IconvTranscoder.toUTF8(body, from: EncodingLabel.iconvName(name)) else {
                    return .failure(.unsupportedEncoding(name))
                }
                if converted.replaced > 0 {
                    warnings.append("replaced \(converted.replaced) invalid \(name) bytes with U+FFFD")
                }
                utf8 = converted.utf8
            }
            let result: Result<Feed, ParseError>
            if let utf8 {
                result = utf8.withUnsafeBytes { converted in repairAndRun(converted, baseURL: baseURL, limits: limits, observer: observer) }
            } else {
                result = repairAndRun(body, baseURL: baseURL, limits: limits, observer: observer)
            }
            return result.map { feed in
                var feed = feed
                feed.warnings = warnings + feed.warnings
                return feed
            }
        }
    }

    private static func repairAndRun(_ input: UnsafeRawBufferPointer, baseURL: String?, limits: ParseLimits,
                                     observer: EntryFinisher.Observer?) -> Result<Feed, ParseError> {
        // Whitespace before the XML declaration makes it an error; before the root element it means nothing.
        let start = input.firstIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } ?? input.count
        let bytes = UnsafeRawBufferPointer(rebasing: input[start...])
        let (repaired, report) = XMLRepair.repair(bytes, maxAttributes: limits.maxAttributesPerElement)
        if report.tooManyAttributes { return .failure(.tooManyAttributes(limit: limits.maxAttributesPerElement)) }
        guard let repaired else {
            return run(bytes, repairWarnings: report.warnings, baseURL: baseURL, limits: limits, observer: observer)
        }
        return repaired.withUnsafeBytes { run($0, repairWarnings: report.warnings, baseURL: baseURL, limits: limits, observer: observer) }
    }


    /// A second pass in recovery mode hands the observer its entries again, from position 0.
    private static func run(_ bytes: UnsafeRawBufferPointer, repairWarnings: [String], baseURL: String?,
                            limits: ParseLimits, observer: EntryFinisher.Observer?) -> Result<Feed, ParseError> {
        let streamed = XMLReader.streaming(bytes: bytes, baseURL: baseURL, limits: limits) { reader in
            (feed: route(reader, limits: limits, observer: observer), unfinished: reader.failed && reader.limitError == nil)
        }
        let outcome: Result<Feed, ParseError>
        switch streamed {
        case .success(let pass) where !pass.unfinished:
            outcome = pass.feed
        case .success, .failure:
            outcome = XMLReader.recovering(bytes: bytes, baseURL: baseURL, limits: limits) { reader in
                route(reader, limits: limits, observer: observer)
            }.flatMap { $0 }.map { feed in
                var feed = feed
                feed.warnings.insert("the feed is not well-formed XML; it was read in recovery mode", at: 0)
                return feed
            }
        }
        return outcome.map { feed in
            var feed = feed
            feed.warnings = repairWarnings + feed.warnings
            return feed
        }
    }

    private static func route(_ reader: XMLReader, limits: ParseLimits, observer: EntryFinisher.Observer?) -> Result<Feed, ParseError> {
        while reader.read(), reader.kind != .element {}
        guard reader.isReading, reader.kind == .element else {
            if let limitError = reader.limitError { return .failure(limitError) }
            if let first = reader.diagnostics.firstError { return .failure(.malformedXML(message: first.message, line: first.line)) }
            return .failure(.notAFeed("no root element"))
        }
        guard let (format, rootWarning) = format(of: reader) else {
            return .failure(.notAFeed("root element <\(reader.qualifiedNameString)>"))
        }
        var feed: Feed
        switch format {
        case .rss09, .rss10, .rss20: feed = RSSParser.parse(reader, format: format, limits: limits, observer: observer)
        case .atom03, .atom10: feed = AtomParser.parse(reader, format: format, limits: limits, observer: observer)
        case .jsonFeed: return .failure(.notAFeed("JSON Feed inside XML"))
        }
        if let limitError = reader.limitError { return .failure(limitError) }
        // A feed that yielded nothing before a fatal error (an entity bomb, a document cut off early)
        // is reported as the error, not as an empty feed.
        if feed.entries.isEmpty, let fatal = reader.diagnostics.firstFatal {
            return .failure(.malformedXML(message: fatal.message, line: fatal.line))
        }
        var leniency: [String] = rootWarning.map { [$0] } ?? []
        if reader.foldedCase { leniency.append("element names in upper case were read as their lower-case names") }
        if reader.recoveredNestedElements > 0 {
            let count = reader.recoveredNestedElements
            leniency.append("\(count) \(count == 1 ? "element" : "elements") found inside an unclosed element read as the parent's own")
        }
        if reader.guessedPrefix {
            leniency.append("elements with an undeclared prefix were read in the namespace that prefix usually names")
        }
        feed.warnings = reader.diagnostics.allWarnings + leniency + feed.warnings
        return .success(feed)
    }

    /// The format named by the root element the reader is on, with a warning when the root was read
    /// leniently; nil when it is no feed.
    ///
    /// Leniency, each with a warning: `<rss>` without a version is read as RSS 2.0 (what feeds that
    /// omit it are written as); `<rss>` in a namespace (`<r:rss>`) keeps its children in that
    /// namespace, so the root's namespace is read as RSS's own; an Atom `<feed>` without a namespace
    /// or in an unknown one is read as Atom (1.0, or 0.3 when its `version` says so), its namespace
    /// with it. Upper-case names and undeclared prefixes are matched by the reader and warned of after.
    private static func format(of reader: XMLReader) -> (format: FeedFormat, warning: String?)? {
        let namespace = reader.namespace
        switch (namespace, reader.name) {
        case (.none, .rss?), (.rss20, .rss?), (.other, .rss?):
            var warning: String? = nil
            if namespace != .none {
                reader.adoptNamespace(as: .rss20)
                warning = "the root element <\(reader.qualifiedNameString)> is in a namespace; its elements in that namespace were read as RSS"
            }
            // An upper-case root writes its attribute in upper case too (`<RSS VERSION="2.0">`).
            guard let version = (reader.attribute("version") ?? reader.attribute("VERSION"))?.trimmedOrNil else {
                return (.rss20, warning ?? "the <rss> element names no version; it was read as RSS 2.0")
            }
            return (version.hasPrefix("0.9") ? .rss09 : .rss20, warning)
        case (.rdf, .RDF?):
            return (rdfFormat(reader), nil)
        case (.atom, .feed?):
            return (.atom10, nil)
        case (.atom03, .feed?):
            return (.atom03, nil)
        case (.none, .feed?):
            let format: FeedFormat = reader.attribute("version")?.trimmedOrNil == "0.3" ? .atom03 : .atom10
            return (format, "the <feed> element has no namespace; it was read as Atom")
        case (.other, .feed?):
            let format: FeedFormat = reader.attribute("version")?.trimmedOrNil == "0.3" ? .atom03 : .atom10
            let uri = reader.namespaceURIString ?? ""
            reader.adoptNamespace(as: format == .atom03 ? .atom03 : .atom)
            return (format, "the <feed> element is in the namespace \(uri), not Atom's; it was read as Atom")
        default:
            guard isLenientRDFRoot(reader) else { return nil }
            return (rdfFormat(reader), "the root element <\(reader.qualifiedNameString)> is not RDF's <rdf:RDF>; it was read as RSS 1.0")
        }
    }

    /// RSS 0.90 or 1.0, from the default namespace the RDF root declares for its children.
    private static func rdfFormat(_ reader: XMLReader) -> FeedFormat {
        reader.attribute("xmlns")?.trimmedOrNil == XMLNamespace.rss090.uris[0] ? .rss09 : .rss10
    }

    /// An RDF root written loosely: `<rdf:rdf>`, `<RDF:RDF>` without its namespace declaration, a bare
    /// `<RDF>`, or `<rdf:RDF>` in a misspelt namespace. Hand-written RSS 1.0 feeds have each of these;
    /// Python feedparser, which goes by lower-cased local names, reads them all. Only the name decides
    /// (any prefix, any case, any namespace), since no other vocabulary has a root called RDF.
    private static func isLenientRDFRoot(_ reader: XMLReader) -> Bool {
        let name = reader.localNameString
        // An undeclared prefix stays in the local name (`RDF:RDF`).
        let local = name.split(separator: ":", omittingEmptySubsequences: false).last ?? Substring(name)
        return local.lowercased() == "rdf"
    }
}
