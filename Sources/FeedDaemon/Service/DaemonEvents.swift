import Dispatch
import Foundation

/// Something that wakes the daemon's loop before its next feed is due.
public enum DaemonEvent: Sendable, Equatable {
    /// SIGTERM or SIGINT: finish the writes in flight and exit.
    case stop
    /// SIGHUP: reload the config.
    case reload
    /// A round of refreshes finished.
    case roundFinished
}

/// The daemon's inbox: signals and finished rounds are posted here, and the loop waits on it with a
/// deadline — the time its next feed is due — so it sleeps exactly as long as there is nothing to do.
public actor DaemonEvents {
    private var pending: [DaemonEvent] = []
    private var waiter: CheckedContinuation<Void, Never>?
    /// Counts the waits, so a deadline timer can only end the wait it was started for.
    private var waitNumber = 0

    public init() {}

    public func post(_ event: DaemonEvent) {
        pending.append(event)
        wake()
    }

    /// The events posted so far, waiting for at least one until `deadline` (an empty array then).
    public func wait(until deadline: Date) async -> [DaemonEvent] {
        if pending.isEmpty {
            let delay = deadline.timeIntervalSinceNow
            if delay > 0 {
                waitNumber += 1
                let number = waitNumber
                // A timer cancelled because an event came first must not wake a later wait: that
                // cut the loop's next sleep short, round after round, and the daemon spun.
                let timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: .seconds(min(delay, 86_400)))) != nil else { return }
                    await self?.deadlinePassed(wait: number)
                }
                await withCheckedContinuation { waiter = $0 }
                timer.cancel()
            }
        }
        defer { pending.removeAll() }
        return pending
    }

    private func deadlinePassed(wait number: Int) {
        if number == waitNumber { wake() }
    }

    private func wake() {
        waiter?.resume()
        waiter = nil
    }
}

/// Turns SIGTERM, SIGINT and SIGHUP into `DaemonEvent`s, with dispatch sources instead of a C handler,
/// so the work runs as ordinary Swift code on a queue rather than in signal context.
public final class SignalEvents {
    private let sources: [any DispatchSourceSignal]

    public init(posting events: DaemonEvents) {
        let queue = DispatchQueue(label: "feedd.signals")
        var sources: [any DispatchSourceSignal] = []
        for (signalNumber, event) in [(SIGTERM, DaemonEvent.stop), (SIGINT, .stop), (SIGHUP, .reload)] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { Task { await events.post(event) } }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit { sources.forEach { $0.cancel() } }
}
