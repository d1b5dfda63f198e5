import CLibXML2
import Foundation

/// One feed of an OPML subscription list.
public struct OPMLOutline: Sendable, Hashable {
    /// The outline's `title`, else its `text`; `nil` when both are blank.
    public var title: String?
    /// The feed's URL (`xmlUrl`).
    public var xmlURL: String
    /// The site's URL (`htmlUrl`).
    public var htmlURL: String?
    /// The titles of the folders the feed sits in, outermost first, then its own `category` entries.
    /// A feed listed in several folders appears once with all of them.
    public var categories: [String]

    public init(title: String? = nil, xmlURL: String, htmlURL: String? = nil, categories: [String] = []) {
        self.title = title
        self.xmlURL = xmlURL
        self.htmlURL = htmlURL
        self.categories = categories
    }
}

/// Why an OPML document could not be read.
public enum OPMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not well-formed XML: libxml2's message and the line it stopped at.
    case malformed(message: String, line: Int)
    /// Well-formed XML whose root element is not `<opml>`.
    case notOPML(rootElement: String, line: Int)
    /// Empty, or larger than `OPMLReader.maxDocumentBytes`.
    case unreadableSize(bytes: Int)

    public var description: String {
        switch self {
        case .malformed(let message, let line): "opml: not well-formed XML at line \(line): \(message)"
        case .notOPML(let root, let line): "opml: not an OPML document: the root element at line \(line) is <\(root)>"
        case .unreadableSize(let bytes): "opml: cannot read a document of \(bytes) bytes"
        }
    }
}

/// Reads the feeds of an OPML subscription list (as newsreaders export them) in document order.
///
/// Streams with libxml2's reader: no network (`XML_PARSE_NONET`), no DTD loading, no entity
/// substitution, so an import file cannot make feedd read a local file or fetch a URL.
public enum OPMLReader {
    /// Subscription lists are small; a bound keeps a wrong file from costing much.
    public static let maxDocumentBytes = 16 << 20

    /// The feeds in `data`, folders turned into categories, each feed URL once.
    public static func read(_ data: Data) throws(OPMLError) -> [OPMLOutline] {
        guard !data.isEmpty, data.count <= maxDocumentBytes else { throw .unreadableSize(bytes: data.count) }
        clibxml2_silence_generic_errors()
        var result: Result<[OPMLOutline], OPMLError> = .success([])
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
            guard let reader = xmlReaderForMemory(base.assumingMemoryBound(to: CChar.self), Int32(raw.count),
                                                  nil, nil, options) else {
                result = .failure(.malformed(message: "libxml2 could not start reading", line: 0))
                return
            }
            defer { xmlFreeTextReader(reader) }
            var walk = OPMLWalk(reader: reader)
            result = walk.run()
        }
        return try result.get()
    }
}

/// One pass of the reader over an OPML document; owns nothing, the caller frees the reader.
private struct OPMLWalk {
    let reader: xmlTextReaderPtr
    var outlines: [OPMLOutline] = []
    var indexByURL: [String: Int] = [:]
    /// The open `<outline>` elements: the folder title each contributes (nil for feeds and untitled folders).
    var openOutlines: [String?] = []

    init(reader: xmlTextReaderPtr) { self.reader = reader }

    /// The first error libxml2 reports, kept here instead of being printed to stderr.
    final class FirstError {
        var message: String?
        var line = 0
    }

    mutating func run() -> Result<[OPMLOutline], OPMLError> {
        let firstError = FirstError()
        let context = Unmanaged.passUnretained(firstError).toOpaque()
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let box = Unmanaged<FirstError>.fromOpaque(context).takeUnretainedValue()
            guard box.message == nil else { return }
            box.message = error.pointee.message.map { String(cString: $0) }?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown error"
            box.line = Int(error.pointee.line)
        }, context)
        defer { withExtendedLifetime(firstError) {} }

        var sawRoot = false
        while true {
            let status = xmlTextReaderRead(reader)
            if status != 1 {
                if status < 0 || firstError.message != nil {
                    return .failure(.malformed(message: firstError.message ?? "unreadable XML", line: firstError.line))
                }
                break
            }
            let type = xmlTextReaderNodeType(reader)
            if type == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
                let name = localName()
                if !sawRoot {
                    sawRoot = true
                    guard name.lowercased() == "opml" else {
                        return .failure(.notOPML(rootElement: name, line: Int(xmlTextReaderGetParserLineNumber(reader))))
                    }
                } else if name == "outline" {
                    startOutline(isEmpty: xmlTextReaderIsEmptyElement(reader) == 1)
                }
            } else if type == Int32(XML_READER_TYPE_END_ELEMENT.rawValue), localName() == "outline", !openOutlines.isEmpty {
                openOutlines.removeLast()
            }
        }
        if let message = firstError.message { return .failure(.malformed(message: message, line: firstError.line)) }
        guard sawRoot else { return .failure(.malformed(message: "no root element", line: 1)) }
        return .success(outlines)
    }

    private mutating func startOutline(isEmpty: Bool) {
        let attributes = readAttributes()
        let title = attributes["title"].flatMap(nonBlank) ?? attributes["text"].flatMap(nonBlank)
        guard let xmlURL = attributes["xmlurl"].flatMap(nonBlank) else {
            if !isEmpty { openOutlines.append(title) }
            return
        }
        if !isEmpty { openOutlines.append(nil) }
        var categories = openOutlines.compactMap { $0 }
        for entry in (attributes["category"] ?? "").split(separator: ",") {
            let category = entry.trimmingCharacters(in: CharacterSet(charactersIn: "/").union(.whitespacesAndNewlines))
            if !category.isEmpty { categories.append(category) }
        }
        if let index = indexByURL[xmlURL] {
            for category in categories where !outlines[index].categories.contains(category) {
                outlines[index].categories.append(category)
            }
            return
        }
        var unique: [String] = []
        for category in categories where !unique.contains(category) { unique.append(category) }
        indexByURL[xmlURL] = outlines.count
        outlines.append(OPMLOutline(title: title, xmlURL: xmlURL,
                                    htmlURL: attributes["htmlurl"].flatMap(nonBlank), categories: unique))
    }

    /// The attributes an outline can carry, by lower-cased name: exporters spell `xmlUrl` several ways.
    private func readAttributes() -> [String: String] {
        var attributes: [String: String] = [:]
        guard xmlTextReaderHasAttributes(reader) == 1 else { return attributes }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            let name = localName().lowercased()
            guard ["title", "text", "xmlurl", "htmlurl", "category"].contains(name),
                  let value = xmlTextReaderConstValue(reader) else { continue }
            attributes[name] = String(cString: value)
        }
        xmlTextReaderMoveToElement(reader)
        return attributes
    }

    private func localName() -> String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    private func nonBlank(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
