import CCurl

/// One libcurl easy handle and its error buffer. Handles are kept in a pool and reset between
/// transfers, so connections, DNS answers and TLS sessions they learned are reused.
/// Used only on the multi thread.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        guard CurlGlobal.isReady, let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Forgets every option, keeping the caches; the error buffer is attached again.
    func reset() {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        _ = ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    /// libcurl's detailed message for the last failure, or its generic text for `code`.
    func errorMessage(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    @discardableResult
    func set(_ option: CURLoption, _ value: Int) -> CURLcode {
        ccurl_easy_setopt_long(handle, option, value)
    }

    @discardableResult
    func set(_ option: CURLoption, offset value: Int64) -> CURLcode {
        ccurl_easy_setopt_off(handle, option, curl_off_t(value))
    }

    /// libcurl copies string options, so a temporary C string is enough.
    @discardableResult
    func set(_ option: CURLoption, _ value: String) -> CURLcode {
        ccurl_easy_setopt_string(handle, option, value)
    }

    func infoInt(_ info: CURLINFO) -> Int {
        var value = 0
        _ = ccurl_easy_getinfo_long(handle, info, &value)
        return value
    }

    /// A `_T` timing (microseconds) in seconds.
    func infoSeconds(_ info: CURLINFO) -> Double {
        var value: curl_off_t = 0
        _ = ccurl_easy_getinfo_off(handle, info, &value)
        return Double(value) / 1_000_000
    }

    func infoString(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>? = nil
        guard ccurl_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }
}
