import Foundation
import Glibc
import Synchronization

/// Why the test server could not start.
public struct HTTPTestServerError: Error, CustomStringConvertible {
    /// What failed, with errno's text.
    public let description: String

    init(_ step: String) { description = "test server: \(step): \(String(cString: strerror(errno)))" }
}

/// An HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests and benchmarks, on plain POSIX sockets:
/// a thread per connection, keep-alive, and counters of what it saw. `stop()` (or deinit) closes the
/// listener and every connection and joins every thread.
public final class HTTPTestServer: Sendable {
    private let core: ServerCore

    /// Starts listening; `handler` is called on a connection thread for each request.
    public init(handler: @escaping @Sendable (HTTPTestRequest) -> HTTPTestResponse) throws {
        core = try ServerCore(handler: handler)
        core.startAccepting()
    }

    deinit { core.stop() }

    /// The port it listens on.
    public var port: Int { core.port }
    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(core.port)" }
    /// `baseURL` + `path`.
    public func url(_ path: String) -> String { baseURL + path }

    /// Requests read so far.
    public var requestCount: Int { core.counters.withLock { $0.requests } }
    /// The most requests in flight at once, from request read to response written.
    public var maxConcurrentRequests: Int { core.counters.withLock { $0.peakInFlight } }
    /// Connections accepted so far.
    public var connectionsAccepted: Int { core.counters.withLock { $0.connections } }
    /// Requests whose client closed the connection while the server was stalling or dripping.
    public var requestsAbandonedByClient: Int { core.counters.withLock { $0.abandoned } }
    /// CPU seconds the connection threads spent (benchmarks subtract it from the process's).
    public var cpuSeconds: Double { core.counters.withLock { $0.cpuSeconds } }

    /// Stops serving: closes the listener and all connections, joins every thread. Safe to call twice.
    public func stop() { core.stop() }
}

/// Everything the server's threads share.
final class ServerCore: Sendable {
    struct Counters {
        var requests = 0
        var inFlight = 0
        var peakInFlight = 0
        var connections = 0
        var cpuSeconds = 0.0
        var abandoned = 0
    }

    private struct Lifecycle {
        var stopping = false
        var openSockets: Set<Int32> = []
        var threads: [TestThread] = []
    }

    let port: Int
    let handler: @Sendable (HTTPTestRequest) -> HTTPTestResponse
    let counters = Mutex(Counters())
    private let listener: Int32
    private let lifecycle = Mutex(Lifecycle())
    private let acceptThread = Mutex<TestThread?>(nil)

    init(handler: @escaping @Sendable (HTTPTestRequest) -> HTTPTestResponse) throws {
        self.handler = handler
        (listener, port) = try LoopbackSocket.listen(backlog: 1024)
    }

    var isStopping: Bool { lifecycle.withLock { $0.stopping } }

    func startAccepting() {
        let thread = TestThread { [self] in acceptLoop() }
        acceptThread.withLock { $0 = thread }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return  // the listener was shut down, or the system is out of descriptors
            }
            var yes: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let accepted = lifecycle.withLock { state -> Bool in
                guard !state.stopping else { return false }
                state.openSockets.insert(fd)
                guard let thread = TestThread({ [self] in HTTPTestConnection(socket: fd, core: self).serve() }) else {
                    state.openSockets.remove(fd)
                    return false
                }
                state.threads.append(thread)
                return true
            }
            if !accepted { close(fd) } else { counters.withLock { $0.connections += 1 } }
        }
    }

    /// Closes a connection socket; under the lock, so `stop()` never shuts down a reused descriptor.
    func closeConnection(_ fd: Int32) {
        lifecycle.withLock { state in
            state.openSockets.remove(fd)
            close(fd)
        }
    }

    func stop() {
        let alreadyStopping = lifecycle.withLock { state -> Bool in
            defer { state.stopping = true }
            return state.stopping
        }
        guard !alreadyStopping else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        acceptThread.withLock { $0 }?.join()
        close(listener)
        let threads = lifecycle.withLock { state -> [TestThread] in
            for fd in state.openSockets { shutdown(fd, Int32(SHUT_RDWR)) }
            defer { state.threads = [] }
            return state.threads
        }
        for thread in threads { thread.join() }
    }
}
