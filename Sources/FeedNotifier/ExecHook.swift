import Dispatch
import Foundation

/// A hook that runs a program for each event: argv exactly as configured (never a shell), the
/// event's JSON on stdin, the `FEEDD_*` variables in a clean environment, and a timeout after
/// which the program's whole process group is killed. When the program exits in time, whatever it
/// left running in its process group (`cmd &`) is ended too: SIGTERM, then SIGKILL after `killGrace`.
///
/// Exit status 0 is `.delivered`; any other status, a signal, a timeout or a program that cannot
/// be started is `.failed` with a reason that names the program and ends with its last stderr.
public struct ExecHook: Sendable {
    /// The program and its arguments; argv[0] without a slash is looked up in `PATH`.
    public var argv: [String]
    /// How long one run may take before the process group gets SIGTERM.
    public var timeout: Duration
    /// Extra variables from the hook's configuration (`env = { … }`).
    public var environment: [String: String]
    /// Time between SIGTERM and SIGKILL to the process group, after the timeout or after the program exited.
    public var killGrace: Duration
    /// The daemon's own environment, from which `HookEnvironment.inheritedNames` pass on.
    public var inheritedEnvironment: [String: String]

    /// The default timeout of a hook (`timeout = "30s"` in the config).
    public static let defaultTimeout: Duration = .seconds(30)
    /// The default grace between SIGTERM and SIGKILL.
    public static let defaultKillGrace: Duration = .seconds(5)

    /// Blocking runs happen here, off Swift's cooperative pool, which must never wait on a child.
    private static let queue = DispatchQueue(label: "feedd.exec-hooks", attributes: .concurrent)

    /// A hook for `argv`, with the daemon's environment as the base unless told otherwise.
    public init(argv: [String], timeout: Duration = ExecHook.defaultTimeout, environment: [String: String] = [:],
                killGrace: Duration = ExecHook.defaultKillGrace,
                inheritedEnvironment: [String: String] = ProcessInfo.processInfo.environment) {
        self.argv = argv
        self.timeout = timeout
        self.environment = environment
        self.killGrace = killGrace
        self.inheritedEnvironment = inheritedEnvironment
    }

    /// Runs the program once with `payload` on its stdin and `variables` (see
    /// `HookEnvironment.variables`) in its environment.
    ///
    /// Cancelling the calling task does not stop the program early; its timeout still bounds it.
    public func run(payload: Data, variables: [String: String]) async -> HookOutcome {
        let runner = ProcessRunner(
            arguments: argv,
            environment: HookEnvironment.entries(inherited: inheritedEnvironment, configured: environment,
                                                 variables: variables),
            timeout: timeout, killGrace: killGrace)
        let input = [UInt8](payload)
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<ProcessResult, Never>) in
            ExecHook.queue.async { continuation.resume(returning: runner.run(input: input)) }
        }
        return outcome(of: result)
    }

    func outcome(of result: ProcessResult) -> HookOutcome {
        let program = argv.first ?? "(empty argv)"
        let cause: String
        switch result.termination {
        case .exited(status: 0): return .delivered
        case .exited(let status): cause = "exited with status \(status)"
        case .signaled(let signal): cause = "was killed by signal \(signal) (\(Self.signalName(signal)))"
        case .timedOut: cause = "timed out after \(Self.format(timeout))"
        case .failedToStart(let code):
            cause = argv.isEmpty ? "has no program to run" : "could not be started: \(String(cString: strerror(code)))"
        }
        var reason = "hook: \(program) \(cause)"
        let stderr = result.standardError.text
        let stdout = result.standardOutput.text
        if !stderr.isEmpty { reason += "; stderr: \(stderr)" } else if !stdout.isEmpty { reason += "; stdout: \(stdout)" }
        return .failed(reason: reason)
    }

    /// `30s`, `1.5s`, `250ms`: the configuration's own duration style.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        // Past a billion seconds the fraction is noise, and the multiplication below could overflow.
        if attoseconds == 0 || seconds >= 1_000_000_000 || seconds < 0 { return "\(seconds)s" }
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }

    private static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGKILL: "SIGKILL"
        case SIGTERM: "SIGTERM"
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGINT: "SIGINT"
        case SIGPIPE: "SIGPIPE"
        case SIGHUP: "SIGHUP"
        case SIGBUS: "SIGBUS"
        default: "signal \(signal)"
        }
    }
}
