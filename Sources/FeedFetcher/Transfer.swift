import CCurl
import Foundation

/// One fetch on the multi thread, across all its redirect hops: what was asked, where it is now,
/// and what has been received. Redirects are followed here, hop by hop, rather than inside libcurl,
/// so every hop's status and target are recorded and each target's scheme is checked before it is contacted.
final class Transfer {
    /// What a finished hop leads to.
    enum HopResult {
        case follow
        case finished(TransferTicket.Outcome)
    }

    private static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    let id: UInt64
    let request: FetchRequest
    let target: RequestTarget
    let ticket: TransferTicket
    let receiver: ResponseReceiver
    private let connectionGuard = ConnectionGuard()
    var easy: CurlEasy?
    private var hopURL: String
    private var hopHost: String
    private var hopScheme: String
    private var method: String
    private var body: Data?
    private var headers: HTTPHeaders
    private var headerList: CurlHeaderList?
    private var redirects: [FetchResponse.Redirect] = []
    private var startedAt = ContinuousClock.now
    private var secondsInHops: Double = 0

    init(id: UInt64, request: FetchRequest, target: RequestTarget, ticket: TransferTicket, maxBodyBytes: Int) {
        self.id = id
        self.request = request
        self.target = target
        self.ticket = ticket
        receiver = ResponseReceiver(limit: maxBodyBytes)
        hopURL = target.url
        hopHost = target.host
        hopScheme = target.scheme
        method = request.method.uppercased()
        body = request.body
        headers = request.wireHeaders
    }

    func markStarted(at now: ContinuousClock.Instant) { startedAt = now }

    /// Seconds for the whole transfer: the request's own timeout (a webhook's), else the fetcher's.
    func totalTimeout(options: FetcherOptions) -> Double { request.timeout ?? options.totalTimeout }

    /// Seconds left of the total timeout, which covers every hop.
    func remainingSeconds(options: FetcherOptions, now: ContinuousClock.Instant) -> Double {
        let elapsed = now - startedAt
        return totalTimeout(options: options) - Double(elapsed.components.seconds) - Double(elapsed.components.attoseconds) / 1e18
    }

    /// Sets every option of the current hop on a freshly reset handle; nil on success, else the error.
    func configure(_ easy: CurlEasy, options: FetcherOptions, now: ContinuousClock.Instant) -> FetchError? {
        let remaining = remainingSeconds(options: options, now: now)
        guard remaining > 0 else {
            return .timeout(url: request.url, detail: "total timeout of \(totalTimeout(options: options)) s used up by redirects")
        }
        if let refusal = guardAddresses(on: easy) { return refusal }
        let context = Unmanaged.passUnretained(receiver).toOpaque()
        easy.set(CURLOPT_URL, hopURL)
        let protocols = redirects.isEmpty && target.scheme == "file" ? "file" : "http,https"
        guard easy.set(CURLOPT_PROTOCOLS_STR, protocols) == CURLE_OK,
              easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK else {
            return .transport(url: request.url, code: -1, message: "libcurl refused the protocol restriction")
        }
        easy.set(CURLOPT_FOLLOWLOCATION, 0)
        easy.set(CURLOPT_NOSIGNAL, 1)
        easy.set(CURLOPT_ACCEPT_ENCODING, "")  // every encoding this libcurl was built with
        easy.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        if target.scheme == "https" { easy.set(CURLOPT_PIPEWAIT, 1) }  // prefer multiplexing on an h2 connection
        easy.set(CURLOPT_CONNECTTIMEOUT_MS, Milliseconds.clamped(min(options.connectTimeout, remaining)))
        easy.set(CURLOPT_TIMEOUT_MS, Milliseconds.clamped(remaining))
        easy.set(CURLOPT_LOW_SPEED_LIMIT, max(0, options.lowSpeedLimit))
        easy.set(CURLOPT_LOW_SPEED_TIME, Milliseconds.wholeSeconds(options.lowSpeedTime))
        easy.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(options.maxBodyBytes))
        easy.set(CURLOPT_USERAGENT, options.userAgent)
        headerList = CurlHeaderList(headers)
        _ = ccurl_easy_setopt_slist(easy.handle, CURLOPT_HTTPHEADER, headerList?.list)
        _ = ccurl_easy_setopt_write_callback(easy.handle, CURLOPT_WRITEFUNCTION, ResponseReceiver.writeBody)
        _ = ccurl_easy_setopt_pointer(easy.handle, CURLOPT_WRITEDATA, context)
        _ = ccurl_easy_setopt_write_callback(easy.handle, CURLOPT_HEADERFUNCTION, ResponseReceiver.receiveHeader)
        _ = ccurl_easy_setopt_pointer(easy.handle, CURLOPT_HEADERDATA, context)
        setMethod(on: easy)
        return nil
    }

    /// Applies the request's address policy to this hop: a blocked address literal is refused at once;
    /// otherwise the connection guard checks what libcurl connects to, or, when an environment proxy
    /// carries the hop, the proxy is made mandatory (see `ProxyEnvironment`).
    private func guardAddresses(on easy: CurlEasy) -> FetchError? {
        connectionGuard.clear()
        guard request.addressPolicy.restricts(host: hopHost) else { return nil }
        if let literal = NetworkAddress(hopHost), !literal.isPublic {
            return .forbiddenAddress(url: request.url, host: hopHost, address: literal.description)
        }
        if ProxyEnvironment.hasProxy(forScheme: hopScheme) {
            easy.set(CURLOPT_NOPROXY, "")
        } else {
            connectionGuard.install(on: easy)
        }
        return nil
    }

    private func setMethod(on easy: CurlEasy) {
        switch method {
        case "GET": easy.set(CURLOPT_HTTPGET, 1)
        case "HEAD": easy.set(CURLOPT_NOBODY, 1)
        default:
            if method != "POST" { easy.set(CURLOPT_CUSTOMREQUEST, method) }
            guard method == "POST" || body != nil else { return }
            let payload = body ?? Data()
            easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(payload.count))
            // COPYPOSTFIELDS copies, so the bytes need not outlive this call.
            payload.withUnsafeBytes { raw in
                if let bytes = raw.baseAddress, !raw.isEmpty {
                    _ = ccurl_easy_setopt_pointer(easy.handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes))
                } else {
                    easy.set(CURLOPT_COPYPOSTFIELDS, "")
                }
            }
        }
    }

    /// Decides what a finished hop means: follow a redirect, or finish with a response or an error.
    func hopFinished(code: CURLcode, easy: CurlEasy, options: FetcherOptions) -> HopResult {
        secondsInHops += easy.infoSeconds(CURLINFO_TOTAL_TIME_T)
        // Only the failures a refusal causes: a name with one refused and one usable address that
        // then times out on the usable one is a timeout.
        if code == CURLE_COULDNT_CONNECT || code == CURLE_ABORTED_BY_CALLBACK, let refused = connectionGuard.refusedAddress {
            return .finished(.failure(.forbiddenAddress(url: request.url, host: hopHost, address: refused)))
        }
        if code != CURLE_OK {
            if receiver.exceededLimit { return .finished(.failure(.tooLarge(url: request.url, limit: options.maxBodyBytes))) }
            let message = easy.errorMessage(for: code)
            return .finished(.failure(FetchError(curlCode: code, message: message, url: request.url,
                                                 maxBodyBytes: options.maxBodyBytes)))
        }
        var status = easy.infoInt(CURLINFO_RESPONSE_CODE)
        if status == 0 && target.scheme == "file" { status = 200 }
        let effectiveURL = easy.infoString(CURLINFO_EFFECTIVE_URL) ?? hopURL
        if Self.redirectStatuses.contains(status),
           let next = easy.infoString(CURLINFO_REDIRECT_URL) ?? receiver.headers["Location"] {
            return follow(status: status, from: effectiveURL, to: next, options: options)
        }
        let timings = FetchResponse.Timings(total: secondsInHops,
                                            connect: easy.infoSeconds(CURLINFO_CONNECT_TIME_T),
                                            startTransfer: easy.infoSeconds(CURLINFO_STARTTRANSFER_TIME_T))
        let response = FetchResponse(status: status, headers: receiver.headers, body: receiver.takeBody(),
                                     finalURL: effectiveURL, redirects: redirects, timings: timings)
        return .finished(classify(response))
    }

    private func follow(status: Int, from: String, to next: String, options: FetcherOptions) -> HopResult {
        guard request.redirectPolicy.follows(status: status) else {
            return .finished(.failure(.redirectNotFollowed(url: request.url, status: status, location: next)))
        }
        guard redirects.count < options.maxRedirects else {
            return .finished(.failure(.tooManyRedirects(url: request.url, limit: options.maxRedirects)))
        }
        let nextTarget: RequestTarget
        switch RequestTarget.check(next, allowFile: false, reportAs: request.url) {
        case .failure(let error): return .finished(.failure(error))
        case .success(let checked): nextTarget = checked
        }
        redirects.append(.init(status: status, from: from, to: next))
        if nextTarget.host != hopHost {
            // Credentials meant for one host must not travel to another.
            headers.remove("Authorization")
            headers.remove("Cookie")
        }
        hopURL = next
        hopHost = nextTarget.host
        hopScheme = nextTarget.scheme
        if status == 303 || ((status == 301 || status == 302) && method == "POST") {
            method = method == "HEAD" ? "HEAD" : "GET"
            body = nil
        }
        receiver.clear()
        return .follow
    }

    /// 2xx and 304 are responses; everything else is an error naming the requested URL.
    private func classify(_ response: FetchResponse) -> TransferTicket.Outcome {
        switch response.status {
        case 200..<300, 304:
            return .success(response)
        case 410 where response.redirects.allSatisfy({ $0.status == 301 || $0.status == 308 }):
            // Only the feed's own URL (or where it permanently moved) can say the feed is gone; a
            // temporary redirect's target saying 410 is an ordinary error.
            return .failure(.gone(url: request.url))
        case 429, 503:
            let retryAfter = response.headers["Retry-After"].flatMap { RetryAfter.parse($0) }
            return .failure(.rateLimited(url: request.url, status: response.status, retryAfter: retryAfter))
        default:
            return .failure(.http(url: request.url, status: response.status))
        }
    }
}
