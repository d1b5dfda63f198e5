import CCurl

/// libcurl's process-wide initialisation, which must run exactly once before any other call;
/// a lazily initialised static is run once by the Swift runtime, on whichever thread needs it first.
enum CurlGlobal {
    /// True when `curl_global_init` succeeded.
    static let isReady: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
