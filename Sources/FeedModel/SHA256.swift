import CCrypto

/// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), for content fingerprints, body hashes, delivery
/// ids and webhook signatures, computed by OpenSSL's libcrypto.
///
/// libcurl already links libcrypto, so this costs no new library at run time, and its assembly
/// block functions are several times faster than a Swift loop: the body hash of every fetched
/// feed and the fingerprint of every item go through here.
public struct SHA256: Sendable {
    /// The digest length in bytes.
    public static let byteCount = 32

    /// The message so far. Incremental callers hash short texts (delivery ids), so one contiguous
    /// buffer and a one-shot call at the end beat a context object that must be allocated and freed.
    private var message: [UInt8] = []

    public init() {}

    /// OpenSSL fails only when its default provider cannot be loaded: a broken installation (TLS is
    /// broken too), where stopping is better than a zero digest that makes every body look unchanged
    /// or a signature that looks valid and is not. No input can cause it.
    private static let brokenLibrary = "libcrypto could not compute SHA-256: its default provider is not available"

    /// The digest of `bytes` as 32 bytes.
    public static func digest(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ digest(contiguous: UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { digest(contiguous: $0) }
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String { hexString(digest(bytes)) }

    /// HMAC-SHA256 (RFC 2104) of `message` under `key`.
    public static func hmac(key: [UInt8], message: some Sequence<UInt8>) -> [UInt8] {
        let bytes = message.withContiguousStorageIfAvailable { Array($0) } ?? Array(message)
        var digest = [UInt8](repeating: 0, count: byteCount)
        let keyCount = Int32(clamping: key.count)
        let ok = key.withUnsafeBytes { key in
            bytes.withUnsafeBytes { message in
                digest.withUnsafeMutableBufferPointer { out in
                    ccrypto_hmac_sha256(key.baseAddress, keyCount, message.baseAddress, message.count, out.baseAddress)
                }
            }
        }
        precondition(ok == 1, Self.brokenLibrary)
        return digest
    }

    /// `bytes` as lowercase hex digits, two per byte.
    public static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Adds `bytes` to the message; may be called any number of times with pieces of any size.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        message.append(contentsOf: bytes)
    }

    /// The 32-byte digest of everything added so far.
    public mutating func finalize() -> [UInt8] {
        message.withUnsafeBytes { Self.digest(contiguous: $0) }
    }

    private static func digest(contiguous buffer: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        let ok = digest.withUnsafeMutableBufferPointer { out in
            ccrypto_sha256(buffer.baseAddress, buffer.count, out.baseAddress)
        }
        precondition(ok == 1, brokenLibrary)
        return digest
    }
}
