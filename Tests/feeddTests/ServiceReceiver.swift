import Foundation
import Synchronization
import TestSupport

/// How a loopback stand-in for a notification service reacts to the next request it accepts.
enum ServiceAnswer: Sendable {
    /// The service's success answer.
    case success
    /// An internal server error.
    case serverError
    /// 429 Too Many Requests with `Retry-After: seconds`.
    case tooManyRequests(retryAfter: Int)
}

/// A loopback stand-in for one notification service (ntfy, Gotify, Telegram, Matrix, Discord,
/// Slack): it checks each request the way the service would — method, path, auth, content type,
/// JSON shape — answers a malformed one with the service's 4xx, and a well-formed one with the
/// answers it was given (then success), the way the service words them.
final class ServiceReceiver: Sendable {
    /// What a service checks; `check` returns the 4xx status and text of a request it would refuse.
    struct Service: Sendable {
        var name: String
        var check: @Sendable (HTTPTestRequest) -> (status: Int, text: String)?
        var success: @Sendable (HTTPTestRequest) -> HTTPTestResponse
        /// The key a repeated delivery must keep (Matrix's txnId; `X-Feedd-Delivery` elsewhere).
        var idempotencyKey: @Sendable (HTTPTestRequest) -> String?
        /// The text a reader sees (decoded from headers and JSON), to look for the title and link in.
        var visibleText: @Sendable (HTTPTestRequest) -> String
    }

    private struct State {
        var accepted: [HTTPTestRequest] = []
        var refused: [String] = []
        var answers: [ServiceAnswer] = []
    }

    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared = Shared()
    let service: Service
    let server: HTTPTestServer

    /// A receiver that answers `answers` to the first well-formed requests, success afterwards.
    init(_ service: Service, answering answers: [ServiceAnswer] = []) throws {
        let shared = self.shared
        self.service = service
        shared.state.withLock { $0.answers = answers }
        server = try HTTPTestServer { request in
            if let refusal = service.check(request) {
                shared.state.withLock { $0.refused.append("\(refusal.status) \(refusal.text)") }
                return .status(refusal.status, headers: ["Content-Type": "application/json"], text: refusal.text)
            }
            let answer = shared.state.withLock { state -> ServiceAnswer in
                state.accepted.append(request)
                return state.answers.isEmpty ? .success : state.answers.removeFirst()
            }
            switch answer {
            case .success:
                return service.success(request)
            case .serverError:
                return .status(500, headers: ["Content-Type": "application/json"], text: #"{"error":"internal"}"#)
            case .tooManyRequests(let seconds):
                return .status(429, headers: ["Retry-After": String(seconds), "Content-Type": "application/json"],
                               text: #"{"error":"too many requests","retry_after":\#(seconds)}"#)
            }
        }
    }

    deinit { server.stop() }

    func url(_ path: String) -> String { server.url(path) }

    /// The well-formed requests so far, in arrival order.
    var requests: [HTTPTestRequest] { shared.state.withLock { $0.accepted } }
    /// What the receiver refused, as "status text" (empty when every request was well-formed).
    var refusals: [String] { shared.state.withLock { $0.refused } }
}

/// Reading requests the way the services do.
enum ServiceRequest {
    /// The body as a JSON object, or nil.
    static func json(_ request: HTTPTestRequest) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any]
    }

    /// A header value with RFC 2047 encoded words (`=?UTF-8?B?…?=`) decoded, as ntfy does.
    static func decodedHeader(_ value: String?) -> String {
        guard let value else { return "" }
        let words = value.split(separator: " ")
        guard words.allSatisfy({ $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") }) else { return value }
        var bytes = Data()
        for word in words {
            let base64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            guard let chunk = Data(base64Encoded: String(base64)) else { return value }
            bytes += chunk
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the request's content type is JSON.
    static func isJSON(_ request: HTTPTestRequest) -> Bool {
        request.headers["Content-Type"]?.lowercased().hasPrefix("application/json") == true
    }

    /// Everything a reader of the JSON body sees: its strings, nested ones included.
    static func strings(in value: Any) -> [String] {
        switch value {
        case let text as String: return [text]
        case let object as [String: Any]: return object.keys.sorted().flatMap { strings(in: object[$0] as Any) }
        case let array as [Any]: return array.flatMap { strings(in: $0) }
        default: return []
        }
    }
}
