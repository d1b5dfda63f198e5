import Foundation

/// Why a fetch failed; every case names the requested URL and the cause.
public enum FetchError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The URL cannot be parsed.
    case invalidURL(url: String, reason: String)
    /// The URL (or a redirect target) uses a scheme other than http/https (or `file` when allowed).
    case unsupportedScheme(url: String, scheme: String)
    /// The host name could not be resolved.
    case dns(url: String, detail: String)
    /// No connection could be made (refused, unreachable).
    case connectionRefused(url: String, detail: String)
    /// The connect timeout, total timeout or low-speed cutoff struck.
    case timeout(url: String, detail: String)
    /// TLS failed: handshake, certificate or verification.
    case tls(url: String, detail: String)
    /// The decoded body exceeded `limit` bytes.
    case tooLarge(url: String, limit: Int)
    /// More than `limit` redirects.
    case tooManyRedirects(url: String, limit: Int)
    /// 410 Gone from the requested URL, or after permanent redirects only (after a temporary one it is `.http`).
    case gone(url: String)
    /// 429 or 503: come back not before `retryAfter` (nil when the server gave no usable `Retry-After`).
    case rateLimited(url: String, status: Int, retryAfter: Date?)
    /// Any other status of 400 or above, or a status that is neither success nor a followable redirect.
    case http(url: String, status: Int)
    /// Any other libcurl failure, with its code and message.
    case transport(url: String, code: Int, message: String)
    /// A connection to `address` (a private, loopback, link-local or multicast address, or an address
    /// reserved for no host) was refused by the request's `OutboundAddressPolicy`.
    case forbiddenAddress(url: String, host: String, address: String)
    /// A redirect that the request's `RedirectPolicy` does not follow (a webhook's 301, 302 or 303).
    case redirectNotFollowed(url: String, status: Int, location: String)
    /// A request header value holds a control character (CR, LF, NUL, ...), which would end or split
    /// the header on the wire; the request is not sent.
    case invalidHeader(url: String, name: String)
    /// The awaiting task was cancelled.
    case cancelled(url: String)
    /// The fetcher was shut down before the transfer finished.
    case shutDown(url: String)

    /// The URL that was requested.
    public var url: String {
        switch self {
        case .invalidURL(let url, _), .unsupportedScheme(let url, _), .dns(let url, _),
             .connectionRefused(let url, _), .timeout(let url, _), .tls(let url, _),
             .tooLarge(let url, _), .tooManyRedirects(let url, _), .gone(let url),
             .rateLimited(let url, _, _), .http(let url, _), .transport(let url, _, _),
             .forbiddenAddress(let url, _, _), .redirectNotFollowed(let url, _, _), .invalidHeader(let url, _),
             .cancelled(let url), .shutDown(let url):
            return url
        }
    }

    /// `fetch: <url>: <cause>`, on one line: control characters a server slipped into the text (a
    /// `Location` with a CR, a status line with an escape sequence) are written as `\u{…}` escapes,
    /// so they can neither split a log line nor reach a terminal.
    public var description: String { HeaderText.escapingControlCharacters("fetch: \(url): \(cause)") }

    private var cause: String {
        switch self {
        case .invalidURL(_, let reason): return "invalid URL: \(reason)"
        case .unsupportedScheme(_, let scheme): return "unsupported scheme '\(scheme)' (only http and https)"
        case .dns(_, let detail): return "DNS lookup failed: \(detail)"
        case .connectionRefused(_, let detail): return "connection failed: \(detail)"
        case .timeout(_, let detail): return "timed out: \(detail)"
        case .tls(_, let detail): return "TLS failed: \(detail)"
        case .tooLarge(_, let limit): return "body larger than \(limit) bytes"
        case .tooManyRedirects(_, let limit): return "more than \(limit) redirects"
        case .gone: return "HTTP 410 Gone"
        case .rateLimited(_, let status, let retryAfter):
            let when = retryAfter.map { ", retry after \($0)" } ?? ""
            return "HTTP \(status) rate limited\(when)"
        case .http(_, let status): return "HTTP \(status)"
        case .transport(_, let code, let message): return "transfer failed (curl \(code)): \(message)"
        case .forbiddenAddress(_, let host, let address):
            return "refused to connect to \(address) (a private, loopback, link-local or multicast address) for host "
                + "'\(host)': a URL a feed names may reach only public addresses (set allow_private_networks = true "
                + "for feeds on a private network)"
        case .redirectNotFollowed(_, let status, let location):
            return "HTTP \(status) redirect to \(location) not followed (only 307 and 308 keep the method and body)"
        case .invalidHeader(_, let name):
            return "request header \(String(reflecting: name)) has a control character (CR, LF, NUL, ...) in its value; not sent"
        case .cancelled: return "cancelled"
        case .shutDown: return "fetcher shut down"
        }
    }
}
