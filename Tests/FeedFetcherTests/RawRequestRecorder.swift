import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A one-shot server on 127.0.0.1 that keeps the exact bytes of the request head it receives
/// (the shared test server parses lines, which would hide a bare CR) and answers with `response`.
final class RawRequestRecorder: Sendable {
    let port: UInt16
    private let listener: Int32
    private let head = Mutex<[UInt8]?>(nil)
    /// How long it waits for the one connection, and for its bytes.
    private static let waitMilliseconds: Int32 = 10_000
    /// The most bytes of a request head it keeps.
    private static let headLimit = 64 * 1024

    init(response: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let reply = Array(response.utf8)
        Thread.detachNewThread { [self] in serveOnce(reply: reply) }
    }

    deinit { close(listener) }

    var url: String { "http://127.0.0.1:\(port)/feed" }

    /// The request head as received (up to and including the blank line), once it has arrived.
    var requestHead: [UInt8]? { head.withLock { $0 } }

    private func serveOnce(reply: [UInt8]) {
        var waitForClient = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
        guard poll(&waitForClient, 1, Self.waitMilliseconds) == 1 else { return }
        let client = accept(listener, nil, nil)
        guard client >= 0 else { return }
        defer { close(client) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < Self.headLimit, !bytes.ends(with: "\r\n\r\n") {
            var readable = [pollfd(fd: client, events: Int16(POLLIN), revents: 0)]
            guard poll(&readable, 1, Self.waitMilliseconds) == 1 else { break }
            let n = chunk.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        head.withLock { $0 = bytes }
        // A client that already hung up must not kill the test process with SIGPIPE.
        _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}

private extension Array where Element == UInt8 {
    func ends(with text: String) -> Bool { count >= text.utf8.count && suffix(text.utf8.count).elementsEqual(text.utf8) }
}
