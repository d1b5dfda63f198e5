import CCurl

/// A URL checked with libcurl's own parser, so it is judged exactly as the transfer will see it:
/// its scheme must be allowed and its host is the key for per-host limits.
struct RequestTarget: Sendable {
    let url: String
    let scheme: String
    let host: String

    /// Parses `url`; `file:` is accepted only when `allowFile` is set.
    static func check(_ url: String, allowFile: Bool, reportAs requested: String) -> Result<RequestTarget, FetchError> {
        guard CurlGlobal.isReady, let handle = curl_url() else {
            return .failure(.transport(url: requested, code: -1, message: "libcurl could not be initialised"))
        }
        defer { curl_url_cleanup(handle) }
        let status = curl_url_set(handle, CURLUPART_URL, url, UInt32(CURLU_NON_SUPPORT_SCHEME))
        guard status == CURLUE_OK else {
            return .failure(.invalidURL(url: requested, reason: String(cString: curl_url_strerror(status))))
        }
        let scheme = part(handle, CURLUPART_SCHEME)?.lowercased() ?? ""
        guard scheme == "http" || scheme == "https" || (scheme == "file" && allowFile) else {
            return .failure(.unsupportedScheme(url: requested, scheme: scheme))
        }
        let host = part(handle, CURLUPART_HOST)?.lowercased() ?? scheme
        return .success(RequestTarget(url: url, scheme: scheme, host: host))
    }

    private static func part(_ handle: OpaquePointer, _ which: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>? = nil
        guard curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
