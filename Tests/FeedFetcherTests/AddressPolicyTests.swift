import FeedFetcher
import Foundation
import Testing
import TestSupport

/// `OutboundAddressPolicy` on real loopback connections: a trusted host goes anywhere, any other
/// host only to public addresses — checked on every redirect hop and on the address really used.
@Suite struct AddressPolicyTests {
    static let loopbackOnly: OutboundAddressPolicy = .publicOnly(trustedHosts: ["127.0.0.1"])

    /// The host and address of a `forbiddenAddress` error, or nil for any other outcome.
    private func refusal(_ error: FetchError?) -> (url: String, host: String, address: String)? {
        guard case .forbiddenAddress(let url, let host, let address)? = error else { return nil }
        return (url, host, address)
    }

    @Test func aTrustedHostMayReachLoopback() async throws {
        let server = try HTTPTestServer { _ in .ok("<rss/>") }
        defer { server.stop() }
        let response = try await Fetcher().fetch(FetchRequest(url: server.url("/feed"), addressPolicy: Self.loopbackOnly))
        #expect(response.status == 200)
    }

    @Test func anUntrustedNameThatResolvesToLoopbackIsRefusedAtConnect() async throws {
        let server = try HTTPTestServer { _ in .ok("<rss/>") }
        defer { server.stop() }
        let url = "http://localhost:\(server.port)/admin"
        let error = await fetchError(Fetcher(), FetchRequest(url: url, addressPolicy: Self.loopbackOnly))
        let refused = try #require(refusal(error), "got \(String(describing: error))")
        #expect(refused.url == url && refused.host == "localhost")
        #expect(["127.0.0.1", "::1"].contains(refused.address))
        #expect(server.requestCount == 0)
        #expect(error?.description.hasPrefix("fetch: \(url): refused to connect to \(refused.address) (a private, loopback, link-local or multicast address)") == true)
    }

    @Test func aRedirectFromATrustedHostToAnUntrustedLoopbackAddressIsRefusedAtThatHop() async throws {
        let target = try HTTPTestServer { _ in .ok("secret") }
        defer { target.stop() }
        let server = try HTTPTestServer { _ in .redirect(302, to: "http://127.0.0.2:\(target.port)/") }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/feed"), addressPolicy: Self.loopbackOnly))
        #expect(error == .forbiddenAddress(url: server.url("/feed"), host: "127.0.0.2", address: "127.0.0.2"))
        #expect(server.requestCount == 1)
    }

    @Test func aRedirectToAnUntrustedNameIsCheckedOnTheResolvedAddress() async throws {
        let target = try HTTPTestServer { _ in .ok("secret") }
        defer { target.stop() }
        let server = try HTTPTestServer { _ in .redirect(301, to: "http://localhost:\(target.port)/latest/meta-data") }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/feed"), addressPolicy: Self.loopbackOnly))
        let refused = try #require(refusal(error), "got \(String(describing: error))")
        #expect(refused.host == "localhost")
        #expect(target.requestCount == 0)
    }

    @Test func aPooledConnectionToAPrivateAddressIsNotReusedForAnUntrustedHost() async throws {
        let server = try HTTPTestServer { _ in .ok("<rss/>") }
        defer { server.stop() }
        let fetcher = Fetcher()
        let url = "http://localhost:\(server.port)/feed"
        _ = try await fetcher.fetch(FetchRequest(url: url))  // the operator's own feed: any address, kept alive
        let error = await fetchError(fetcher, FetchRequest(url: url, addressPolicy: .publicOnly(trustedHosts: ["example.org"])))
        #expect(refusal(error)?.host == "localhost", "got \(String(describing: error))")
        #expect(server.requestCount == 1)
    }

    @Test func anyAddressReachesLoopbackByName() async throws {
        let server = try HTTPTestServer { _ in .ok("<rss/>") }
        defer { server.stop() }
        let response = try await Fetcher().fetch(FetchRequest(url: "http://localhost:\(server.port)/feed"))
        #expect(response.status == 200)
    }

    @Test func trustingTheHostOfAURLTrustsItsLowercasedHostWithoutPort() {
        #expect(OutboundAddressPolicy.trustingHost(of: "https://Blog.Example.ORG:8443/feed")
                == .publicOnly(trustedHosts: ["blog.example.org"]))
        #expect(OutboundAddressPolicy.trustingHost(of: "http://[::1]:8080/feed") == .publicOnly(trustedHosts: ["::1"]))
    }

    @Test func aRedirectToAnUntrustedIPv6LoopbackLiteralIsRefused() async throws {
        let server = try HTTPTestServer { _ in .redirect(302, to: "http://[::1]:1/") }
        defer { server.stop() }
        let error = await fetchError(Fetcher(), FetchRequest(url: server.url("/feed"), addressPolicy: Self.loopbackOnly))
        #expect(error == .forbiddenAddress(url: server.url("/feed"), host: "[::1]", address: "::1"))
    }
}
