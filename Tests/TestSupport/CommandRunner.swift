import Foundation

/// What a finished child process left behind.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// True when the process was ended by a signal (the test's SIGKILL, say) rather than exiting.
    public var wasSignaled: Bool
}

/// Runs programs (mostly the real `feedd` binary) for end-to-end tests, with a bound on how long
/// each may take so a hung child fails the test instead of hanging it.
public enum CommandRunner {
    /// Runs `executable` with `arguments` and waits at most `timeout` seconds (then kills it).
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                           stdin: Data? = nil, timeout: TimeInterval = 120) throws -> CommandResult {
        let process = try start(executable, arguments, environment: environment)
        let out = process.standardOutput as! Pipe
        let err = process.standardError as! Pipe
        if let input = process.standardInput as? Pipe {
            if let stdin { input.fileHandleForWriting.write(stdin) }
            try? input.fileHandleForWriting.close()
        }
        let collected = CollectedOutput()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.store(data, isOut: isOut)
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        _ = group.wait(timeout: .now() + 10)
        return CommandResult(status: process.terminationStatus, stdout: collected.text(isOut: true),
                             stderr: collected.text(isOut: false),
                             wasSignaled: process.terminationReason == .uncaughtSignal)
    }

    /// Starts `executable` with piped stdin, stdout and stderr, and returns at once.
    public static func start(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = Pipe()
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        return process
    }
}

/// Output read on two threads at once, so neither pipe can fill up and block the child.
private final class CollectedOutput: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func store(_ data: Data, isOut: Bool) {
        lock.lock(); defer { lock.unlock() }
        if isOut { out = data } else { err = data }
    }

    func text(isOut: Bool) -> String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: isOut ? out : err, as: UTF8.self)
    }
}
