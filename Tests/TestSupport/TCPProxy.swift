import Foundation
import Glibc
import Synchronization

/// A TCP forwarder on 127.0.0.1 between a client under test and a server (the daemon and its
/// PostgreSQL), whose link a test can break the two ways networks break:
///
/// - `reset()`: every open connection is closed and new ones are closed as soon as they are
///   accepted — what a restarted firewall or a dead router that answers with RST looks like;
/// - `blackhole()`: connections stay open but nothing passes either way, and new ones are held
///   without reaching the server — a cable pulled, where only timeouts and keepalives notice.
///
/// `restore()` lets traffic pass again (connections broken meanwhile stay broken).
public final class TCPProxy: Sendable {
    public enum Mode: Sendable { case open, reset, blackhole }

    private struct State {
        var mode = Mode.open
        var stopping = false
        var sockets: Set<Int32> = []
        var threads: [TestThread] = []
        var connections = 0
    }

    public let port: Int
    private let targetPort: Int
    private let listener: Int32
    private let state = Mutex(State())
    private let acceptThread = Mutex<TestThread?>(nil)

    /// Listens on a free loopback port and forwards to `127.0.0.1:targetPort`.
    public init(targetPort: Int) throws {
        self.targetPort = targetPort
        (listener, port) = try LoopbackSocket.listen(backlog: 128)
        let thread = TestThread { [self] in acceptLoop() }
        acceptThread.withLock { $0 = thread }
    }

    deinit { stop() }

    /// Connections accepted so far.
    public var connectionsAccepted: Int { state.withLock { $0.connections } }

    /// Closes every connection and every new one at once.
    public func reset() {
        state.withLock { state in
            state.mode = .reset
            for fd in state.sockets { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Lets nothing through and answers nothing, keeping connections open.
    public func blackhole() { state.withLock { $0.mode = .blackhole } }

    /// Lets new connections through again.
    public func restore() { state.withLock { $0.mode = .open } }

    /// Closes the listener and every connection and joins every thread.
    public func stop() {
        let already = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return state.stopping
        }
        guard !already else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        acceptThread.withLock { $0 }?.join()
        close(listener)
        let threads = state.withLock { state -> [TestThread] in
            for fd in state.sockets { shutdown(fd, Int32(SHUT_RDWR)) }
            defer { state.threads = [] }
            return state.threads
        }
        for thread in threads { thread.join() }
        state.withLock { state in
            for fd in state.sockets { close(fd) }
            state.sockets = []
        }
    }

    private var mode: Mode { state.withLock { $0.mode } }
    private var isStopping: Bool { state.withLock { $0.stopping } }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            let started = state.withLock { state -> Bool in
                guard !state.stopping else { return false }
                state.connections += 1
                state.sockets.insert(client)
                guard let thread = TestThread({ [self] in serve(client) }) else {
                    state.sockets.remove(client)
                    return false
                }
                state.threads.append(thread)
                return true
            }
            if !started { close(client) }
        }
    }

    /// One client: held while the link is a black hole, closed while it is reset, else joined to
    /// a new connection to the target and pumped both ways until either side ends.
    private func serve(_ client: Int32) {
        var waited = 0
        while mode == .blackhole && !isStopping && waited < 600_000 {
            usleep(10_000)
            waited += 10
        }
        guard mode == .open, !isStopping, let server = connectToTarget() else {
            forget(client)
            return
        }
        let upstream = TestThread { [self] in pump(from: server, to: client) }
        pump(from: client, to: server)
        shutdown(server, Int32(SHUT_RDWR))
        shutdown(client, Int32(SHUT_RDWR))
        upstream?.join()
        forget(server)
        forget(client)
    }

    private func connectToTarget() -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = LoopbackSocket.address(port: targetPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        let registered = state.withLock { state -> Bool in
            guard state.mode == .open, !state.stopping else { return false }
            state.sockets.insert(fd)
            return true
        }
        if !registered { close(fd) }
        return registered ? fd : nil
    }

    /// Copies bytes until end of file or an error; while the link is a black hole, what arrives
    /// is read and dropped, so neither side learns anything.
    private func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            switch mode {
            case .blackhole: continue
            case .reset: return
            case .open: break
            }
            var offset = 0
            while offset < count {
                // MSG_NOSIGNAL: a side that hung up (or `reset()`) makes this fail with EPIPE; a
                // write(2) raised SIGPIPE instead and killed the whole test process.
                let written = buffer.withUnsafeBytes {
                    send(destination, $0.baseAddress! + offset, count - offset, Int32(MSG_NOSIGNAL))
                }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    private func forget(_ fd: Int32) {
        state.withLock { state in
            if state.sockets.remove(fd) != nil { close(fd) }
        }
    }
}
