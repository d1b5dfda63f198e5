import Foundation
import TestSupport

/// A real one-shot `feedd` child (`feedd fetch`, `feedd hooks`) started in the background, so a
/// test can run it beside daemons or signal it; output is collected as it comes, and `deinit`
/// SIGKILLs a child still running.
final class FeeddProcess {
    let process: Process
    private let stdout = GrowingText()
    private let stderr = GrowingText()

    /// Starts `feedd arguments`; `environment` is added to the test's own.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        var merged = ProcessInfo.processInfo.environment
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { merged[name] = nil }
        merged.merge(environment) { _, new in new }
        process = try CommandRunner.start(Fixtures.feeddExecutable, arguments, environment: merged)
        try? (process.standardInput as? Pipe)?.fileHandleForWriting.close()
        stdout.collect(from: (process.standardOutput as! Pipe).fileHandleForReading)
        stderr.collect(from: (process.standardError as! Pipe).fileHandleForReading)
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var output: String { stdout.text }
    var errors: String { stderr.text }

    /// Sends `signal` while the child runs.
    func send(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits at most `timeout` seconds; the exit status, or nil (the child is then killed).
    func waitForExit(timeout: TimeInterval = 60) -> Int32? {
        guard eventually(timeout: timeout, { !process.isRunning }) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        // The readers drain what is left in the pipes after the exit (bounded).
        _ = eventually(timeout: 10) { stdout.isFinished && stderr.isFinished }
        return process.terminationStatus
    }
}
