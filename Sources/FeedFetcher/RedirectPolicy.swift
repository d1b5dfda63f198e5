/// Which redirects a request follows.
public enum RedirectPolicy: Sendable, Equatable {
    /// 301, 302, 303, 307 and 308 (feeds), up to the fetcher's redirect limit.
    case followAll
    /// Only 307 and 308, which keep the method and the body (RFC 9110 §15.4.8–9). A 301, 302 or 303
    /// would turn a POST into a body-less GET, so a webhook event would be "delivered" without its content;
    /// such a redirect fails with `FetchError.redirectNotFollowed` instead.
    case methodPreservingOnly

    /// Whether a redirect with `status` is followed.
    func follows(status: Int) -> Bool {
        switch self {
        case .followAll: return true
        case .methodPreservingOnly: return status == 307 || status == 308
        }
    }
}
