// Temporary stand-in until the real parser is merged; delete this file then.
import FeedModel
import Foundation

public struct ParseLimits: Sendable {
    public static let `default` = ParseLimits()
}

public enum ParseError: Error {
    case notAFeed
}

public enum FeedParser {
    public static func parse(_ data: Data, contentType: String? = nil, baseURL: String? = nil,
                             limits: ParseLimits = .default) throws(ParseError) -> Feed {
        throw .notAFeed
    }
}
