import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// Enforces `OutboundAddressPolicy.publicOnly` on one hop, at the two moments libcurl reveals the
/// address it really talks to: before it opens a socket for a new connection (`CURLOPT_OPENSOCKETFUNCTION`,
/// so a refused address never even sees a SYN), and before it sends a request on a new or reused
/// connection (`CURLOPT_PREREQFUNCTION`, so a pooled connection to a private address is not reused).
/// Both check the resolved address, so DNS rebinding is covered. Used only on the multi thread.
final class ConnectionGuard {
    /// The last address refused during this hop, as text; nil when none was.
    private(set) var refusedAddress: String?

    /// Forgets the previous hop.
    func clear() { refusedAddress = nil }

    /// Installs both callbacks on `easy` with this guard as their context.
    func install(on easy: CurlEasy) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = ccurl_easy_setopt_opensocket_callback(easy.handle, Self.openSocket)
        _ = ccurl_easy_setopt_pointer(easy.handle, CURLOPT_OPENSOCKETDATA, context)
        _ = ccurl_easy_setopt_prereq_callback(easy.handle, Self.beforeRequest)
        _ = ccurl_easy_setopt_pointer(easy.handle, CURLOPT_PREREQDATA, context)
    }

    /// Whether `address` may be reached; records it when not.
    private func admits(_ address: NetworkAddress?) -> Bool {
        // An address that cannot be read is refused too: the guard must never fail open.
        guard let address, address.isPublic else {
            refusedAddress = address?.description ?? "an unreadable address"
            return false
        }
        return true
    }

    /// Refuses the socket for a blocked address; otherwise opens it as libcurl would (close-on-exec,
    /// so hooks never inherit it).
    static let openSocket: curl_opensocket_callback = { context, _, address in
        guard let context, let address else { return CURL_SOCKET_BAD }
        let guardian = Unmanaged<ConnectionGuard>.fromOpaque(context).takeUnretainedValue()
        guard guardian.admits(ConnectionGuard.networkAddress(address)) else { return CURL_SOCKET_BAD }
        let info = address.pointee
        return socket(info.family, info.socktype | Int32(SOCK_CLOEXEC.rawValue), info.protocol)
    }

    /// Aborts before the request is written when the connection (new or reused) leads to a blocked address.
    static let beforeRequest: curl_prereq_callback = { context, primaryIP, _, _, _ in
        guard let context, let primaryIP else { return Int32(CURL_PREREQFUNC_ABORT) }
        let guardian = Unmanaged<ConnectionGuard>.fromOpaque(context).takeUnretainedValue()
        let admitted = guardian.admits(NetworkAddress(String(cString: primaryIP)))
        return Int32(admitted ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT)
    }

    /// The IPv4 or IPv6 address inside libcurl's `curl_sockaddr`; nil for any other family.
    private static func networkAddress(_ address: UnsafeMutablePointer<curl_sockaddr>) -> NetworkAddress? {
        let info = address.pointee
        guard let raw = ccurl_sockaddr_bytes(address) else { return nil }
        let length = Int(info.addrlen)
        switch info.family {
        case AF_INET where length >= MemoryLayout<sockaddr_in>.size:
            let offset = MemoryLayout<sockaddr_in>.offset(of: \sockaddr_in.sin_addr) ?? 4
            return NetworkAddress(bytes: Array(UnsafeBufferPointer(start: raw + offset, count: 4)))
        case AF_INET6 where length >= MemoryLayout<sockaddr_in6>.size:
            let offset = MemoryLayout<sockaddr_in6>.offset(of: \sockaddr_in6.sin6_addr) ?? 8
            return NetworkAddress(bytes: Array(UnsafeBufferPointer(start: raw + offset, count: 16)))
        default:
            return nil
        }
    }
}
