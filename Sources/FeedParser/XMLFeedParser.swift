import CLibXML2
import Foundation
import FeedModel

/// The XML formats: decides the encoding, repairs the bytes, runs the reader and hands the root
/// element to the parser of its format.
enum XMLFeedParser {
    static func parse(_ data: Data, contentType: String?, baseURL: String?, limits: ParseLimits) -> Result<Feed, ParseError> {
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
                result = utf8.withUnsafeBytes { converted in repairAndRun(converted, baseURL: baseURL, limits: limits) }
            } else {
                result = repairAndRun(body, baseURL: baseURL, limits: limits)
            }
            return result.map { feed in
                var feed = feed
                feed.warnings = warnings + feed.warnings
                return feed
            }
        }
    }

    private static func repairAndRun(_ input: UnsafeRawBufferPointer, baseURL: String?, limits: ParseLimits) -> Result<Feed, ParseError> {
        // Whitespace before the XML declaration makes it an error; before the root element it means nothing.
        let start = input.firstIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } ?? input.count
        let bytes = UnsafeRawBufferPointer(rebasing: input[start...])
        let (repaired, report) = XMLRepair.repair(bytes, maxAttributes: limits.maxAttributesPerElement)
        if report.tooManyAttributes { return .failure(.tooManyAttributes(limit: limits.maxAttributesPerElement)) }
        guard let repaired else {
            return run(bytes, repairWarnings: report.warnings, baseURL: baseURL, limits: limits)
        }
        return repaired.withUnsafeBytes { run($0, repairWarnings: report.warnings, baseURL: baseURL, limits: limits) }
    }


    private static func run(_ bytes: UnsafeRawBufferPointer, repairWarnings: [String],
                            baseURL: String?, limits: ParseLimits) -> Result<Feed, ParseError> {
        let streamed = XMLReader.streaming(bytes: bytes, baseURL: baseURL, limits: limits) { reader in
            (feed: route(reader, limits: limits), unfinished: reader.failed && reader.limitError == nil)
        }
        let outcome: Result<Feed, ParseError>
        switch streamed {
        case .success(let pass) where !pass.unfinished:
            outcome = pass.feed
        case .success, .failure:
            outcome = XMLReader.recovering(bytes: bytes, baseURL: baseURL, limits: limits) { reader in
                route(reader, limits: limits)
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

    private static func route(_ reader: XMLReader, limits: ParseLimits) -> Result<Feed, ParseError> {
        while reader.read(), reader.kind != .element {}
        guard reader.isReading, reader.kind == .element else {
            if let limitError = reader.limitError { return .failure(limitError) }
            if let first = reader.diagnostics.firstError { return .failure(.malformedXML(message: first.message, line: first.line)) }
            return .failure(.notAFeed("no root element"))
        }
        guard let format = format(of: reader) else {
            return .failure(.notAFeed("root element <\(reader.qualifiedNameString)>"))
        }
        var feed: Feed
        switch format {
        case .rss09, .rss10, .rss20: feed = RSSParser.parse(reader, format: format, limits: limits)
        case .atom03, .atom10: feed = AtomParser.parse(reader, format: format, limits: limits)
        case .jsonFeed: return .failure(.notAFeed("JSON Feed inside XML"))
        }
        if let limitError = reader.limitError { return .failure(limitError) }
        // A feed that yielded nothing before a fatal error (an entity bomb, a document cut off early)
        // is reported as the error, not as an empty feed.
        if feed.entries.isEmpty, let fatal = reader.diagnostics.firstFatal {
            return .failure(.malformedXML(message: fatal.message, line: fatal.line))
        }
        feed.warnings = reader.diagnostics.allWarnings + feed.warnings
        return .success(feed)
    }

    /// The format named by the root element the reader is on, or nil when it is no feed.
    private static func format(of reader: XMLReader) -> FeedFormat? {
        switch (reader.namespace, reader.name) {
        case (.none, .rss?):
            let version = reader.attribute("version")?.trimmedOrNil ?? "2.0"
            return version.hasPrefix("0.9") ? .rss09 : .rss20
        case (.rdf, .RDF?):
            return reader.attribute("xmlns")?.trimmedOrNil == XMLNamespace.rss090.uris[0] ? .rss09 : .rss10
        case (.atom, .feed?):
            return .atom10
        case (.atom03, .feed?):
            return .atom03
        case (.none, .feed?):
            return reader.attribute("version")?.trimmedOrNil == "0.3" ? .atom03 : .atom10
        default:
            return nil
        }
    }
}
