/// Why a document could not be read as a feed; every message starts with `parse: ` and names the cause.
public enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The document has no bytes (or only whitespace).
    case empty
    /// The document is larger than `ParseLimits.maxBytes`; nothing was parsed.
    case tooLarge(bytes: Int, limit: Int)
    /// The document is well-formed enough to read but is not RSS, Atom or JSON Feed.
    case notAFeed(String)
    /// libxml2 could not read a feed out of the document, even in recover mode.
    case malformedXML(message: String, line: Int)
    /// The JSON text could not be decoded.
    case malformedJSON(String)
    /// Elements or JSON containers nest deeper than `ParseLimits.maxDepth`.
    case tooDeep(limit: Int, line: Int?)
    /// The document needed more reader steps than `ParseLimits.maxReaderSteps`.
    case tooMuchWork(limit: Int)
    /// A start tag has more attributes than `ParseLimits.maxAttributesPerElement`.
    case tooManyAttributes(limit: Int)
    /// The declared or announced character encoding is one libxml2 cannot convert.
    case unsupportedEncoding(String)

    public var description: String {
        switch self {
        case .empty:
            return "parse: empty document"
        case .tooLarge(let bytes, let limit):
            return "parse: document too large (\(bytes) bytes, limit \(limit))"
        case .notAFeed(let detail):
            return "parse: not a feed (\(detail))"
        case .malformedXML(let message, let line):
            return line > 0 ? "parse: malformed XML at line \(line): \(message)" : "parse: malformed XML: \(message)"
        case .malformedJSON(let message):
            return "parse: malformed JSON: \(message)"
        case .tooDeep(let limit, let line):
            let place = line.map { " at line \($0)" } ?? ""
            return "parse: nesting deeper than \(limit) levels\(place)"
        case .tooMuchWork(let limit):
            return "parse: document needs more than \(limit) reader steps"
        case .tooManyAttributes(let limit):
            return "parse: an element has more than \(limit) attributes"
        case .unsupportedEncoding(let name):
            return "parse: unsupported encoding \"\(name)\""
        }
    }
}
