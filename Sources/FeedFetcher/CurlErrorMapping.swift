import CCurl

extension FetchError {
    /// The typed error for a libcurl failure of a transfer of `url`.
    init(curlCode code: CURLcode, message: String, url: String, maxBodyBytes: Int) {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self = .dns(url: url, detail: message)
        case CURLE_COULDNT_CONNECT:
            self = .connectionRefused(url: url, detail: message)
        case CURLE_OPERATION_TIMEDOUT:
            self = .timeout(url: url, detail: message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
             CURLE_SSL_CRL_BADFILE, CURLE_USE_SSL_FAILED:
            self = .tls(url: url, detail: message)
        case CURLE_FILESIZE_EXCEEDED:
            self = .tooLarge(url: url, limit: maxBodyBytes)
        case CURLE_UNSUPPORTED_PROTOCOL:
            self = .unsupportedScheme(url: url, scheme: message)
        case CURLE_URL_MALFORMAT:
            self = .invalidURL(url: url, reason: message)
        default:
            self = .transport(url: url, code: Int(code.rawValue), message: message)
        }
    }
}
