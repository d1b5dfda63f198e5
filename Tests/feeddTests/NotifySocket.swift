import Foundation
import Glibc
import Synchronization

/// The test's stand-in for systemd's end of the notify protocol: an `AF_UNIX` datagram socket
/// bound to a path, whose datagrams a background thread collects in arrival order.
final class NotifySocket: Sendable {
    let path: String
    private let fd: Int32
    private let messages = Mutex<[String]>([])
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw NotifySocketError("socket") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            Glibc.close(fd)
            throw NotifySocketError("path too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            Glibc.close(fd)
            throw NotifySocketError("bind \(path)")
        }
        // Wake up now and then to notice `close()`.
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        DispatchQueue.global().async { [self] in receiveLoop() }
    }

    deinit { close() }

    /// The datagrams received so far, in order.
    var received: [String] { messages.withLock { $0 } }

    /// Stops the reader (bounded) and closes the socket; safe to call twice.
    func close() {
        guard !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
        _ = finished.wait(timeout: .now() + 5)
        Glibc.close(fd)
        unlink(path)
    }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopping.load(ordering: .sequentiallyConsistent) {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 {
                let text = String(decoding: buffer[..<count], as: UTF8.self)
                messages.withLock { $0.append(text) }
            }
        }
        finished.signal()
    }
}

struct NotifySocketError: Error, CustomStringConvertible {
    let description: String
    init(_ step: String) { description = "notify socket: \(step): \(String(cString: strerror(errno)))" }
}
