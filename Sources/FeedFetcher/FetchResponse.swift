import Foundation

/// A response with status 2xx or 304, after every redirect was followed.
public struct FetchResponse: Sendable {
    /// One hop of a redirect chain.
    public struct Redirect: Sendable, Equatable {
        /// The redirect status (301, 302, 303, 307 or 308).
        public var status: Int
        /// The URL that answered with the redirect.
        public var from: String
        /// The absolute URL it pointed to.
        public var to: String

        /// A hop from `from` to `to` with `status`.
        public init(status: Int, from: String, to: String) {
            self.status = status
            self.from = from
            self.to = to
        }
    }

    /// Where the time of a fetch went, in seconds.
    public struct Timings: Sendable, Equatable {
        /// The whole fetch, every redirect hop included.
        public var total: TimeInterval
        /// Until the connection of the last hop was established.
        public var connect: TimeInterval
        /// Until the first byte of the last hop's response.
        public var startTransfer: TimeInterval

        /// Timings from their parts.
        public init(total: TimeInterval = 0, connect: TimeInterval = 0, startTransfer: TimeInterval = 0) {
            self.total = total
            self.connect = connect
            self.startTransfer = startTransfer
        }
    }

    /// The HTTP status of the final response.
    public var status: Int
    /// The header fields of the final response.
    public var headers: HTTPHeaders
    /// The decoded body (empty for 304).
    public var body: Data
    /// The URL that gave the final response.
    public var finalURL: String
    /// The redirects followed, in order.
    public var redirects: [Redirect]
    /// Time spent.
    public var timings: Timings

    /// A response from its parts.
    public init(status: Int, headers: HTTPHeaders, body: Data, finalURL: String,
                redirects: [Redirect] = [], timings: Timings = Timings()) {
        self.status = status
        self.headers = headers
        self.body = body
        self.finalURL = finalURL
        self.redirects = redirects
        self.timings = timings
    }

    /// The server said the validators still match: nothing to parse.
    public var isNotModified: Bool { status == 304 }
    /// The `ETag` to send back next time; nil when it holds a control character, which must never be
    /// stored and echoed into a request header.
    public var etag: String? { headers["ETag"].flatMap(Self.sendable) }
    /// The `Last-Modified` to send back next time; nil when it holds a control character.
    public var lastModified: String? { headers["Last-Modified"].flatMap(Self.sendable) }
    /// The `Content-Type`, whose charset the parser needs.
    public var contentType: String? { headers["Content-Type"] }

    /// The largest `max-age` taken at its word, in seconds (2³¹): RFC 9111 §1.2.2 says a larger
    /// delta-seconds is to be read as this.
    public static let maximumCacheMaxAge: TimeInterval = 2_147_483_648

    /// Seconds from `Cache-Control: max-age`, which may lengthen the poll interval; at most
    /// `maximumCacheMaxAge`, and nil when the value is not a run of digits.
    public var cacheMaxAge: TimeInterval? {
        for value in headers.values(for: "Cache-Control") {
            for directive in value.split(separator: ",") {
                let parts = directive.split(separator: "=", maxSplits: 1)
                guard parts.count == 2,
                      parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "max-age" else { continue }
                let number = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                guard !number.isEmpty, number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
                return min(Int(number).map(TimeInterval.init) ?? Self.maximumCacheMaxAge, Self.maximumCacheMaxAge)
            }
        }
        return nil
    }

    private static func sendable(_ value: String) -> String? { HeaderText.isSafeValue(value) ? value : nil }

    /// The final URL when every hop was permanent (301 or 308), so the caller may update the stored URL;
    /// nil when there was no redirect or any hop was temporary.
    public var permanentRedirectURL: String? {
        guard !redirects.isEmpty, redirects.allSatisfy({ $0.status == 301 || $0.status == 308 }) else { return nil }
        return finalURL
    }
}
