import CCurl
import Synchronization

/// A libcurl multi handle as seen from other threads.
// @unchecked: only curl_multi_wakeup, documented thread-safe, is called through it off the multi thread.
struct MultiHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// Work handed to the multi thread.
enum FetchCommand: Sendable {
    case add(id: UInt64, request: FetchRequest, target: RequestTarget, ticket: TransferTicket)
    case cancel(id: UInt64)
    case shutdown
}

/// The queue from async callers to the multi thread; posting wakes the thread from `curl_multi_poll`.
final class CommandInbox: Sendable {
    private struct State {
        var commands: [FetchCommand] = []
        var isClosed = false
    }

    private let state = Mutex(State())
    private let multi: MultiHandle

    init(multi: MultiHandle) { self.multi = multi }

    /// Queues a command; false once the multi thread has shut down. The wakeup happens under the
    /// lock, so it can never reach a multi handle that `close()` has let the thread clean up.
    func post(_ command: FetchCommand) -> Bool {
        state.withLock { state in
            guard !state.isClosed else { return false }
            state.commands.append(command)
            _ = curl_multi_wakeup(multi.raw)
            return true
        }
    }

    /// Everything queued since the last call.
    func drain() -> [FetchCommand] {
        state.withLock { state in
            defer { state.commands.removeAll(keepingCapacity: true) }
            return state.commands
        }
    }

    /// Refuses further commands and returns the ones never drained.
    func close() -> [FetchCommand] {
        state.withLock { state in
            state.isClosed = true
            defer { state.commands = [] }
            return state.commands
        }
    }
}
