#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address as raw bytes, and whether it is a public address that a URL named by a
/// feed may reach (`OutboundAddressPolicy.publicOnly`).
struct NetworkAddress: Equatable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6), network order.
    let bytes: [UInt8]

    init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Reads a textual address (`10.0.0.1`, `::1`, `[fe80::1]`); nil for host names.
    init?(_ text: String) {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }  // fe80::1%eth0
        var v4 = in_addr()
        if inet_pton(AF_INET, String(text), &v4) == 1 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, String(text), &v6) == 1 else { return nil }
        self.bytes = withUnsafeBytes(of: &v6) { Array($0) }
    }

    /// The address as `inet_ntop` writes it.
    var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        guard written != nil else { return bytes.map(String.init).joined(separator: ".") }
        return String(cString: buffer)
    }

    /// False for loopback, private (RFC 1918, shared CGNAT, ULA), link-local, multicast, broadcast,
    /// unspecified and reserved addresses, including IPv6 forms that carry such an IPv4 address.
    var isPublic: Bool {
        bytes.count == 4 ? Self.isPublicIPv4(bytes) : Self.isPublicIPv6(bytes)
    }

    /// IPv4 blocks no URL from a feed may reach (RFC 6890 and RFC 1122 special-purpose ranges).
    private static let blockedIPv4: [(prefix: [UInt8], bits: Int)] = [
        ([0, 0, 0, 0], 8),         // "this network"
        ([10, 0, 0, 0], 8),        // RFC 1918
        ([100, 64, 0, 0], 10),     // shared address space (carrier-grade NAT)
        ([127, 0, 0, 0], 8),       // loopback
        ([169, 254, 0, 0], 16),    // link-local, cloud metadata services
        ([172, 16, 0, 0], 12),     // RFC 1918
        ([192, 168, 0, 0], 16),    // RFC 1918
        ([224, 0, 0, 0], 4),       // multicast
        ([240, 0, 0, 0], 4),       // reserved, and 255.255.255.255 broadcast
    ]

    /// IPv6 blocks, beside the IPv4-carrying forms handled in `embeddedIPv4`.
    private static let blockedIPv6: [(prefix: [UInt8], bits: Int)] = [
        ([0xfc], 7),               // unique local (ULA)
        ([0xfe, 0x80], 10),        // link-local
        ([0xfe, 0xc0], 10),        // site-local (deprecated, still routed inside some sites)
        ([0xff], 8),               // multicast
    ]

    private static func isPublicIPv4(_ bytes: [UInt8]) -> Bool {
        !blockedIPv4.contains { matches(bytes, prefix: $0.prefix, bits: $0.bits) }
    }

    private static func isPublicIPv6(_ bytes: [UInt8]) -> Bool {
        if let v4 = embeddedIPv4(bytes) { return isPublicIPv4(v4) }
        return !blockedIPv6.contains { matches(bytes, prefix: $0.prefix, bits: $0.bits) }
    }

    /// The IPv4 address an IPv6 address stands for: IPv4-compatible `::a.b.c.d` (which covers `::`
    /// and `::1`), IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d` and 6to4 `2002:aabb:ccdd::`.
    private static func embeddedIPv4(_ bytes: [UInt8]) -> [UInt8]? {
        let head = bytes[0..<10]
        if head.allSatisfy({ $0 == 0 }) && ((bytes[10] == 0 && bytes[11] == 0) || (bytes[10] == 0xff && bytes[11] == 0xff)) {
            return Array(bytes[12..<16])
        }
        if bytes[0..<12].elementsEqual([0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]) { return Array(bytes[12..<16]) }
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return Array(bytes[2..<6]) }
        return nil
    }

    private static func matches(_ bytes: [UInt8], prefix: [UInt8], bits: Int) -> Bool {
        for bit in 0..<bits {
            let index = bit / 8, mask = UInt8(0x80) >> UInt8(bit % 8)
            let wanted = index < prefix.count ? prefix[index] & mask : 0
            if bytes[index] & mask != wanted { return false }
        }
        return true
    }
}
