import FeedFetcher
import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// The address policy each feed's requests carry: the configured feed's own host is trusted, any
/// other host (comment feeds elsewhere, redirect targets, advertised feeds) must be public.
@Suite struct AddressPolicyTests {
    static func config(_ text: String) throws -> Config {
        try ConfigLoader.parse(text: "[daemon]\ndatabase = \"/tmp/unused.sqlite\"\n" + text, path: "/tmp/feedd.toml")
    }

    @Test func aFeedTrustsOnlyItsOwnConfiguredHost() throws {
        let config = try Self.config("[[feed]]\nurl = \"http://LAN-Server.home:8080/feed\"\n")
        #expect(config.addressPolicy(for: config.feeds[0]) == .publicOnly(trustedHosts: ["lan-server.home"]))
    }

    @Test func allowPrivateNetworksInDaemonLiftsTheBound() throws {
        let config = try Self.config("allow_private_networks = true\n[[feed]]\nurl = \"https://example.org/feed\"\n")
        #expect(config.daemon.allowPrivateNetworks)
        #expect(config.addressPolicy(for: config.feeds[0]) == .anyAddress)
    }

    @Test func aFeedsOwnSettingOverridesTheDaemons() throws {
        let config = try Self.config("""
            allow_private_networks = true
            [[feed]]
            url = "https://example.org/feed"
            allow_private_networks = false
            [[feed]]
            url = "http://192.168.1.5/feed"
            name = "lan"
            """)
        #expect(config.addressPolicy(for: config.feeds[0]) == .publicOnly(trustedHosts: ["example.org"]))
        #expect(config.addressPolicy(for: config.feeds[1]) == .anyAddress)
        let lan = try Self.config("[[feed]]\nurl = \"http://192.168.1.5/feed\"\nallow_private_networks = true\n")
        #expect(lan.addressPolicy(for: lan.feeds[0]) == .anyAddress)
    }

    @Test func anIPv6FeedHostIsTrustedWithoutBrackets() throws {
        let config = try Self.config("[[feed]]\nurl = \"http://[::1]:8080/feed\"\nname = \"local\"\n")
        #expect(config.addressPolicy(for: config.feeds[0]) == .publicOnly(trustedHosts: ["::1"]))
    }

    @Test func aCommentFeedGetsItsMainFeedsPolicyAndAnUnknownOneTheStrictest() throws {
        let config = try Self.config("[[feed]]\nurl = \"http://blog.home/feed\"\nname = \"blog\"\n")
        let directory = try TemporaryDirectory()
        var withStore = config
        withStore.daemon.database = directory.path("feedd.sqlite")
        let runtime = try Runtime(config: withStore)
        #expect(runtime.refresher.addressPolicy(forMainFeedNamed: "blog") == .publicOnly(trustedHosts: ["blog.home"]))
        #expect(runtime.refresher.addressPolicy(forMainFeedNamed: nil) == .publicOnly(trustedHosts: []))
    }

    @Test func aURLTheUserTypedTrustsItsOwnHostOnly() {
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let locatorPolicy = FeedLocator(fetcher: fetcher).addressPolicy(for: "http://127.0.0.1:8080/page")
        #expect(locatorPolicy == .publicOnly(trustedHosts: ["127.0.0.1"]))
        let allowed = FeedLocator(fetcher: fetcher, allowPrivateNetworks: true).addressPolicy(for: "http://127.0.0.1/")
        #expect(allowed == .anyAddress)
    }
}

