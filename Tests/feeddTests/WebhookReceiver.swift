import Foundation
import Synchronization
import TestSupport

/// A webhook endpoint on 127.0.0.1 that keeps every request it received and answers with the
/// statuses it was told, in order (then 200 for the rest).
final class WebhookReceiver: Sendable {
    private struct State {
        var requests: [HTTPTestRequest] = []
        var statuses: [Int] = []
    }

    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared = Shared()
    let server: HTTPTestServer

    /// A receiver that answers `statuses` to the first requests, 200 afterwards.
    init(answering statuses: [Int] = []) throws {
        let shared = self.shared
        shared.state.withLock { $0.statuses = statuses }
        server = try HTTPTestServer { request in
            let status = shared.state.withLock { state in
                state.requests.append(request)
                return state.statuses.isEmpty ? 200 : state.statuses.removeFirst()
            }
            return .status(status, text: status == 200 ? "ok" : "receiver error")
        }
    }

    deinit { server.stop() }

    func url(_ path: String) -> String { server.url(path) }

    /// The requests so far, in arrival order.
    var requests: [HTTPTestRequest] { shared.state.withLock { $0.requests } }
}
