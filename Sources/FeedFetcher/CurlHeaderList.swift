import CCurl

/// A `curl_slist` of request header lines that must outlive the transfer using it; freed on deinit.
final class CurlHeaderList {
    private(set) var list: UnsafeMutablePointer<curl_slist>?

    init(_ headers: HTTPHeaders) {
        for field in headers.fields {
            // "Name:" with nothing after removes a header libcurl would add; "Name;" sends it empty.
            let line = field.value.isEmpty ? "\(field.name):" : "\(field.name): \(field.value)"
            list = curl_slist_append(list, line)
        }
    }

    deinit { curl_slist_free_all(list) }
}
