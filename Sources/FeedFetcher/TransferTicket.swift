import Synchronization

/// The meeting point of an awaiting task and the multi thread: it holds the continuation and makes
/// sure it is resumed exactly once, whether the transfer finishes, is cancelled first, or both race.
final class TransferTicket: Sendable {
    typealias Outcome = Result<FetchResponse, FetchError>

    private enum State {
        case idle
        case cancelledEarly
        case waiting(CheckedContinuation<Outcome, Never>)
        case finished
    }

    let id: UInt64
    private let state = Mutex<State>(.idle)

    init(id: UInt64) { self.id = id }

    /// Stores the continuation and runs `submit` (under the ticket's lock, so a cancel command can
    /// only follow the submission). Resumes at once with `cancelled` when the task was cancelled
    /// already, or with `rejected` when `submit` refuses.
    func begin(_ continuation: CheckedContinuation<Outcome, Never>, cancelled: FetchError,
               rejected: FetchError, submit: () -> Bool) {
        let immediate: FetchError? = state.withLock { state in
            if case .cancelledEarly = state { state = .finished; return cancelled }
            guard submit() else { state = .finished; return rejected }
            state = .waiting(continuation)
            return nil
        }
        if let immediate { continuation.resume(returning: .failure(immediate)) }
    }

    /// Marks the ticket cancelled; true when the transfer was submitted and the multi thread must be told.
    func cancel() -> Bool {
        state.withLock { state in
            switch state {
            case .idle: state = .cancelledEarly; return false
            case .waiting: return true
            case .cancelledEarly, .finished: return false
            }
        }
    }

    /// Resumes the awaiting task, once; later calls do nothing.
    func finish(_ outcome: Outcome) {
        let continuation: CheckedContinuation<Outcome, Never>? = state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .finished
            return continuation
        }
        continuation?.resume(returning: outcome)
    }
}
