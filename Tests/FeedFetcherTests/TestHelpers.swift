import FeedFetcher
import Foundation
import Synchronization
import TestSupport

/// The requests a test server saw, in order.
final class RequestLog: Sendable {
    private let requests = Mutex<[HTTPTestRequest]>([])

    func record(_ request: HTTPTestRequest) { requests.withLock { $0.append(request) } }
    var all: [HTTPTestRequest] { requests.withLock { $0 } }
    var last: HTTPTestRequest? { all.last }
}

/// Runs `fetch` and hands back its error, or nil when it succeeded.
func fetchError(_ fetcher: Fetcher, _ request: FetchRequest) async -> FetchError? {
    do {
        _ = try await fetcher.fetch(request)
        return nil
    } catch {
        return error
    }
}

/// Options with short limits so failure tests finish fast.
func quickOptions(totalTimeout: TimeInterval = 10) -> FetcherOptions {
    FetcherOptions(connectTimeout: 2, totalTimeout: totalTimeout)
}

/// Waits (at most `attempts` × 10 ms) until `condition` holds; returns whether it did.
func eventually(attempts: Int = 500, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<attempts {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
