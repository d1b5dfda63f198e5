/// Which addresses a request may connect to.
///
/// Stand-in on this branch so the daemon can build against the interface; the fetcher's own
/// version (which enforces the policy at connect time) replaces it on merge.
public enum OutboundAddressPolicy: Sendable, Equatable {
    case anyAddress
    /// Hosts in trustedHosts (lowercased, no port) may reach any address; every other host must resolve to a public address (checked at connect time).
    case publicOnly(trustedHosts: Set<String>)
}
