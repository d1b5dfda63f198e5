import FeedFetcher
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import FeedNotifier

/// `WebhookHook` against a loopback receiver: which redirects it follows and how long it waits.
@Suite struct WebhookHookTests {
    static let body = Data(#"{"event":"new","item":{"title":"x"}}"#.utf8)

    private func deliver(_ hook: WebhookHook, fetcher: Fetcher = Fetcher()) async -> HookOutcome {
        await hook.deliver(body: Self.body, event: "new", deliveryID: "d-1", using: fetcher)
    }

    @Test(arguments: [301, 302, 303])
    func aMethodChangingRedirectIsAFailureNamingIt(_ status: Int) async throws {
        let server = try HTTPTestServer { request in
            request.path == "/hook" ? .redirect(status, to: "/elsewhere") : .ok("a GET that proves nothing")
        }
        defer { server.stop() }
        let outcome = await deliver(WebhookHook(url: server.url("/hook")))
        #expect(outcome == .failed(reason: "webhook: fetch: \(server.url("/hook")): HTTP \(status) redirect to "
            + "\(server.url("/elsewhere")) not followed (only 307 and 308 keep the method and body)"))
        #expect(server.requestCount == 1)
    }

    @Test(arguments: [307, 308])
    func aMethodKeepingRedirectDeliversThePostAndItsBody(_ status: Int) async throws {
        let received = Received()
        let server = try HTTPTestServer { request in
            if request.path == "/hook" { return .redirect(status, to: "/moved") }
            received.set(request)
            return .ok("ok")
        }
        defer { server.stop() }
        let outcome = await deliver(WebhookHook(url: server.url("/hook")))
        #expect(outcome == .acknowledged(response: "HTTP 200"))
        #expect(received.request?.method == "POST")
        #expect(received.request?.body == Self.body)
    }

    @Test func theHooksTimeoutBoundsADelivery() async throws {
        let server = try HTTPTestServer { _ in HTTPTestResponse.ok("late").stalling(10) }
        defer { server.stop() }
        let fetcher = Fetcher(options: FetcherOptions(totalTimeout: 60))
        let outcome = await deliver(WebhookHook(url: server.url("/hook"), timeout: .milliseconds(500)), fetcher: fetcher)
        guard case .failed(let reason) = outcome else {
            Issue.record("expected a timeout failure, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("webhook: fetch: \(server.url("/hook")): timed out"))
    }

    @Test func aRedirectToAnotherLoopbackHostIsRefused() async throws {
        let server = try HTTPTestServer { _ in .redirect(307, to: "http://localhost:1/") }
        defer { server.stop() }
        let outcome = await deliver(WebhookHook(url: server.url("/hook")))
        guard case .failed(let reason) = outcome else {
            Issue.record("expected a refusal, got \(outcome)")
            return
        }
        #expect(reason.contains("refused to connect to"))
    }

    @Test func byDefaultOnlyTheConfiguredHostIsTrusted() {
        #expect(WebhookHook(url: "https://Hooks.Example.org:8443/x").addressPolicy
                == .publicOnly(trustedHosts: ["hooks.example.org"]))
    }
}

/// The last request a handler saw, shared with the test.
private final class Received: Sendable {
    private let last = Mutex<HTTPTestRequest?>(nil)
    func set(_ request: HTTPTestRequest) { last.withLock { $0 = request } }
    var request: HTTPTestRequest? { last.withLock { $0 } }
}

@Test func aWebhookWithAnEnormousTimeoutDelivers() async throws {
    let server = try HTTPTestServer { _ in .ok("ok") }
    defer { server.stop() }
    let hook = WebhookHook(url: server.url("/hook"), timeout: .seconds(Int64.max))
    #expect(await hook.deliver(body: Data("{}".utf8), event: "new", deliveryID: "d-2", using: Fetcher()).isDelivered)
}
