import Foundation

/// The proxy libcurl takes from the environment (`http_proxy`, `https_proxy`/`HTTPS_PROXY`,
/// `all_proxy`/`ALL_PROXY`; libcurl ignores upper-case `HTTP_PROXY`), read once per process as libcurl does.
///
/// Through a proxy the address libcurl connects to is the proxy's, which the operator chose, so the
/// connect-time address check cannot see the feed's server. A hop restricted to public addresses then
/// goes through the proxy for certain (`NO_PROXY` is overridden, so a private host cannot be
/// reached directly by being listed there), its host is refused when it is a blocked address literal,
/// and resolving names is the proxy's business: an operator who routes feeds through a proxy
/// enforces the outbound policy there.
enum ProxyEnvironment {
    private static let processEnvironment = ProcessInfo.processInfo.environment

    /// True when libcurl would find a proxy for `scheme` in `environment` (the process's by default).
    static func hasProxy(forScheme scheme: String, in environment: [String: String] = processEnvironment) -> Bool {
        let names: [String]
        switch scheme {
        case "http": names = ["http_proxy", "all_proxy", "ALL_PROXY"]
        case "https": names = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
        default: return false
        }
        return names.contains { !(environment[$0] ?? "").isEmpty }
    }
}
