import Foundation
import Synchronization
import TestSupport

/// Checks `condition` every 50 ms until it holds or `timeout` seconds have passed; the bounded wait
/// every daemon test uses instead of a fixed sleep. True when the condition held.
@discardableResult
func eventually(timeout: TimeInterval = 20, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try condition() { return true }
        if Date() >= deadline { return false }
        usleep(50_000)
    }
}

/// A real `feedd run --log-level debug` child process: its stderr is read as it comes, so a test
/// can wait (bounded) for a log line, send it signals, and stop it. Whatever happens, `deinit`
/// SIGKILLs a child that is still running, so a failed test never leaves a daemon behind.
final class DaemonProcess {
    let process: Process
    private let stderr: GrowingText

    /// Starts the daemon on `configPath`; `environment` is added to the test's own environment.
    init(configPath: String, environment: [String: String] = [:]) throws {
        var merged = ProcessInfo.processInfo.environment
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { merged[name] = nil }
        merged.merge(environment) { _, new in new }
        process = try CommandRunner.start(Fixtures.feeddExecutable,
                                          ["run", "--config", configPath, "--log-level", "debug"],
                                          environment: merged)
        try? (process.standardInput as? Pipe)?.fileHandleForWriting.close()
        stderr = GrowingText()
        stderr.collect(from: (process.standardError as! Pipe).fileHandleForReading)
        GrowingText().collect(from: (process.standardOutput as! Pipe).fileHandleForReading)
    }

    deinit { kill() }

    var pid: pid_t { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Everything the daemon logged so far.
    var log: String { stderr.text }

    /// The log lines that contain `text`.
    func lines(containing text: String) -> [Substring] {
        log.split(separator: "\n").filter { $0.contains(text) }
    }

    /// Waits until at least `count` log lines contain `text`.
    @discardableResult
    func waitForLog(_ text: String, count: Int = 1, timeout: TimeInterval = 20) -> Bool {
        eventually(timeout: timeout) { lines(containing: text).count >= count }
    }

    /// Sends `signal` to the daemon.
    func send(_ signal: Int32) {
        if process.isRunning { Glibc.kill(process.processIdentifier, signal) }
    }

    /// Waits at most `timeout` seconds for the daemon to exit; its exit status, or nil if it still runs.
    func waitForExit(timeout: TimeInterval = 20) -> Int32? {
        guard eventually(timeout: timeout, { !process.isRunning }) else { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGTERM, then the exit status (nil when it did not exit in time; it is killed then).
    func stop(timeout: TimeInterval = 20) -> Int32? {
        send(SIGTERM)
        let status = waitForExit(timeout: timeout)
        if status == nil { kill() }
        return status
    }

    /// SIGKILL and reap, when still running.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Bytes a child writes to a pipe, read on a thread of their own so the pipe never fills and the
/// test can look at what arrived so far.
final class GrowingText: Sendable {
    private let data = Mutex(Data())
    private let ended = Mutex(false)

    /// Reads `handle` until end of file, on a background queue.
    func collect(from handle: FileHandle) {
        DispatchQueue.global().async { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty {
                    ended.withLock { $0 = true }
                    return
                }
                data.withLock { $0.append(chunk) }
            }
        }
    }

    var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }

    /// Whether the writer closed the pipe and everything it wrote has been read.
    var isFinished: Bool { ended.withLock { $0 } }
}
