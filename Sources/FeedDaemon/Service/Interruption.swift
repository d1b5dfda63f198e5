import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM for a one-shot command (`feedd fetch`), as `feedd run` treats them: the
/// first signal calls the registered stop (which cancels the work, so no new fetch or hook
/// starts while the ones in flight finish and are recorded); a second one exits at once with the
/// interrupted status, leaving the hooks still running to be taken over after their lease.
///
/// Dispatch sources, not a C handler: the work runs as ordinary Swift code on a queue.
public final class Interruption: Sendable {
    private struct State {
        var signal: Int32?
        var stop: (@Sendable () -> Void)?
    }

    /// The state the signal queue and the caller share.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared = Shared()
    // DispatchSource objects are thread-safe; they are only created here and cancelled in deinit.
    private nonisolated(unsafe) let sources: [any DispatchSourceSignal]

    /// Starts listening for SIGINT and SIGTERM; `onSecondSignal` runs before the process exits on a second one.
    public init(onSecondSignal: @escaping @Sendable (Int32) -> Void = { _ in }) {
        let queue = DispatchQueue(label: "feedd.interruption")
        var sources: [any DispatchSourceSignal] = []
        let shared = self.shared
        for signalNumber in [SIGINT, SIGTERM] {
            Glibc.signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                let (isFirst, stop) = shared.state.withLock { current -> (Bool, (@Sendable () -> Void)?) in
                    guard current.signal == nil else { return (false, nil) }
                    current.signal = signalNumber
                    return (true, current.stop)
                }
                guard isFirst else {
                    onSecondSignal(signalNumber)
                    exit(Self.exitStatus(for: signalNumber))
                }
                stop?()
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit { sources.forEach { $0.cancel() } }

    /// Calls `stop` on the first signal, at once if one already came.
    public func onFirstSignal(_ stop: @escaping @Sendable () -> Void) {
        let already = shared.state.withLock { current -> Bool in
            current.stop = stop
            return current.signal != nil
        }
        if already { stop() }
    }

    /// The signal that interrupted the command, if one did.
    public var signal: Int32? { shared.state.withLock { $0.signal } }

    /// 130 for SIGINT, 143 for SIGTERM (128 + the signal, as a shell reports it); nil when not interrupted.
    public var exitStatus: Int32? { signal.map(Self.exitStatus(for:)) }

    public static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    /// `SIGINT` or `SIGTERM`, for messages.
    public static func name(of signal: Int32) -> String {
        signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"
    }
}
