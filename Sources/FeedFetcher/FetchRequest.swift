import Foundation

/// One HTTP request: a feed poll (GET with the validators of the last 200) or a webhook (POST with a body).
public struct FetchRequest: Sendable {
    /// The absolute URL to fetch.
    public var url: String
    /// The HTTP method: `GET` for feeds, `POST` for webhooks.
    public var method: String
    /// The request body, sent for `POST` and other methods that carry one.
    public var body: Data?
    /// Extra request header fields.
    public var headers: HTTPHeaders
    /// The ETag of the last 200, sent as `If-None-Match`.
    public var etag: String?
    /// The Last-Modified of the last 200, sent as `If-Modified-Since`.
    public var lastModified: String?
    /// Allow a `file:` URL for this request (tests and local feeds); redirects never go to `file:`.
    public var allowFileURL: Bool
    /// Which addresses this request (and every redirect hop) may connect to.
    public var addressPolicy: OutboundAddressPolicy
    /// Which redirects are followed: every kind for feeds, only method-keeping ones for webhooks.
    public var redirectPolicy: RedirectPolicy
    /// Seconds for the whole request, redirects included, in place of the fetcher's total timeout
    /// (a webhook's own `timeout`); nil for the fetcher's.
    public var timeout: TimeInterval?

    /// A request; only `url` is required.
    public init(url: String,
                method: String = "GET",
                body: Data? = nil,
                headers: HTTPHeaders = [:],
                etag: String? = nil,
                lastModified: String? = nil,
                allowFileURL: Bool = false,
                addressPolicy: OutboundAddressPolicy = .anyAddress,
                redirectPolicy: RedirectPolicy = .followAll,
                timeout: TimeInterval? = nil) {
        self.url = url
        self.method = method
        self.body = body
        self.headers = headers
        self.etag = etag
        self.lastModified = lastModified
        self.allowFileURL = allowFileURL
        self.addressPolicy = addressPolicy
        self.redirectPolicy = redirectPolicy
        self.timeout = timeout
    }

    /// The header fields sent on the wire: the caller's, the conditional ones, and an empty `Expect`
    /// so a webhook POST does not wait a round trip for `100 Continue`.
    ///
    /// A validator holding a control character (a server's ETag with a bare CR) is left out rather
    /// than echoed: it came from the server, and without it the poll is an ordinary unconditional GET.
    var wireHeaders: HTTPHeaders {
        var all = headers
        if let etag, HeaderText.isSafeValue(etag), !all.contains("If-None-Match") { all.add("If-None-Match", etag) }
        if let lastModified, HeaderText.isSafeValue(lastModified), !all.contains("If-Modified-Since") {
            all.add("If-Modified-Since", lastModified)
        }
        if !all.contains("Expect") { all.add("Expect", "") }
        return all
    }

    /// The first header the caller set whose name or value could not go on the wire as it is.
    var unsafeHeaderName: String? {
        headers.fields.first { !HeaderText.isSafeName($0.name) || !HeaderText.isSafeValue($0.value) }?.name
    }
}
