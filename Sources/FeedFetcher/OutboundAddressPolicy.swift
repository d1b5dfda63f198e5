/// Which addresses a request may connect to.
///
/// A feed names URLs the operator never chose (comment feeds, redirect targets, discovered links);
/// without a policy one hostile feed could make the daemon request a local admin service or a cloud
/// metadata address. The check runs on the address libcurl actually connects to, so a name that
/// resolves to a public address at one moment and a private one the next (DNS rebinding) is caught.
public enum OutboundAddressPolicy: Sendable, Equatable {
    /// Any address (the user configured this URL, or allow_private_networks is on).
    case anyAddress
    /// Hosts in `trustedHosts` (lowercased host names, no port, e.g. the configured feed's own host) may reach any
    /// address; every other host must resolve to a public address, checked on the resolved address at connect time.
    /// An array, not a set: it holds one host or none, and the daemon keeps one per configured feed
    /// (a one-element set is a 96-byte hash table; 10,000 feeds held 0.96 MB of them).
    case publicOnly(trustedHosts: [String])

    /// Whether connections for `host` (lowercased, no port) must go to public addresses only.
    func restricts(host: String) -> Bool {
        switch self {
        case .anyAddress: return false
        case .publicOnly(let trusted):
            // The caller's names are compared as written and normalized, so "Blog.Example.org" or "[::1]" still match.
            let wanted = Self.normalized(host)
            return !trusted.contains(wanted) && !trusted.contains { Self.normalized($0) == wanted }
        }
    }

    /// `.publicOnly` trusting only the host of `url` (lowercased, no port, IPv6 without brackets as
    /// libcurl reports it), or `.anyAddress` when the URL has no host to trust.
    public static func trustingHost(of url: String) -> OutboundAddressPolicy {
        guard case .success(let target) = RequestTarget.check(url, allowFile: true, reportAs: url),
              target.scheme == "http" || target.scheme == "https" else { return .anyAddress }
        return .publicOnly(trustedHosts: [normalized(target.host)])
    }

    /// A host as the policy compares it: lowercased, IPv6 brackets dropped.
    static func normalized(_ host: String) -> String {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }
}
