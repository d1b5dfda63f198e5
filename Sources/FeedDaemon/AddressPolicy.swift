import FeedFetcher
import Foundation

/// Which addresses the requests of a feed may reach.
///
/// A feed names URLs of its own choosing (comment feeds, redirect targets); without a bound, a
/// hostile feed could make the daemon probe the LAN or the host's own services. The configured
/// feed's host is the operator's choice and may be anywhere (a home server's LAN feed); every other
/// host must resolve to a public address. `allow_private_networks` (on the feed, else in `[daemon]`)
/// lifts the bound.
extension Config {
    /// The policy for the requests of `feed` and of its comment feeds alike.
    public func addressPolicy(for feed: FeedConfig) -> OutboundAddressPolicy {
        if feed.allowPrivateNetworks ?? daemon.allowPrivateNetworks { return .anyAddress }
        return .publicOnly(trustedHosts: AddressPolicyHost.key(of: feed.urlText).map { [$0] } ?? [])
    }
}

extension OutboundAddressPolicy {
    /// The policy for a URL the user typed (`feedd add`, `feedd parse URL`): its own host may be
    /// anywhere, the feeds a page advertises and every redirect must be public unless `allowPrivate`.
    public static func typedByUser(_ url: String, allowPrivate: Bool) -> OutboundAddressPolicy {
        if allowPrivate { return .anyAddress }
        return .publicOnly(trustedHosts: AddressPolicyHost.key(of: url).map { [$0] } ?? [])
    }
}

/// A URL's host as `OutboundAddressPolicy` compares it: lowercased, without port or IPv6 brackets.
public enum AddressPolicyHost {
    /// The host of `url`, or nil when it has none.
    public static func key(of url: String) -> String? {
        guard let host = URLComponents(string: url)?.host, !host.isEmpty else { return nil }
        var key = host.lowercased()
        if key.hasPrefix("[") && key.hasSuffix("]") { key = String(key.dropFirst().dropLast()) }
        if key.hasSuffix(".") { key.removeLast() }
        return key.isEmpty ? nil : key
    }
}
