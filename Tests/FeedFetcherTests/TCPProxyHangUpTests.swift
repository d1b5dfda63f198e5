import Foundation
import Glibc
import Synchronization
import Testing
import TestSupport

/// `TCPProxy` stands between the daemon and PostgreSQL in the tests that break the link. When one
/// side hangs up, the proxy's copy to it fails; with write(2) that was a SIGPIPE, which ended the
/// whole test run (CI, 2026-12-06: "exited with unexpected signal code 13").
@Test func aProxyWhoseServerHangsUpClosesTheClientInsteadOfRaisingSIGPIPE() throws {
    let server = try HangingUpServer()
    defer { server.stop() }
    let proxy = try TCPProxy(targetPort: server.port)
    defer { proxy.stop() }
    let client = try #require(connectToLoopback(port: proxy.port))
    defer { close(client) }
    // The first bytes may still be taken; the copies after the server's close fail, and the proxy
    // then closes the client, which this loop sees as a failed send.
    let chunk = [UInt8](repeating: 0x61, count: 65_536)
    var closed = false
    for _ in 0..<400 where !closed {
        closed = chunk.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } < 0
        if !closed { usleep(5_000) }
    }
    #expect(closed)
    #expect(server.accepted.withLock { $0 } == 1)
}

/// Accepts connections on 127.0.0.1 and closes each at once, unread.
private final class HangingUpServer: Sendable {
    let port: Int
    let accepted = Mutex(0)
    private let listener: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0,
                                  sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && Glibc.listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, bound else {
            if fd >= 0 { close(fd) }
            throw POSIXError(.EADDRNOTAVAIL)
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let started = Thread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                accepted.withLock { $0 += 1 }
                close(client)
            }
        }
        started.start()
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}

private func connectToLoopback(port: Int) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: in_port_t(UInt16(port).bigEndian),
                              sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        close(fd)
        return nil
    }
    return fd
}
