@testable import FeedFetcher
import Testing

/// The address classifier behind `OutboundAddressPolicy.publicOnly`: every blocked range at its
/// edges, and the public addresses right beside them.
@Suite struct NetworkAddressTests {
    @Test(arguments: [
        "0.0.0.0", "0.255.255.255",
        "10.0.0.0", "10.255.255.255",
        "100.64.0.0", "100.127.255.255",
        "127.0.0.1", "127.255.255.254",
        "169.254.0.1", "169.254.169.254",
        "172.16.0.0", "172.31.255.255",
        "192.168.0.0", "192.168.255.255",
        "224.0.0.1", "239.255.255.255",
        "240.0.0.0", "255.255.255.254", "255.255.255.255",
        "::", "::1",
        "fc00::", "fd12:3456::1", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "fe80::1", "febf:ffff::1", "[fe80::1]", "fe80::1%eth0",
        "ff00::", "ff02::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::ffff:192.168.1.1",
        "::127.0.0.1", "::10.0.0.1", "::169.254.169.254",
        "64:ff9b::a9fe:a9fe", "2002:7f00:1::",
    ])
    func blockedAddressIsNotPublic(_ text: String) throws {
        let address = try #require(NetworkAddress(text))
        #expect(!address.isPublic)
    }

    @Test(arguments: [
        "1.1.1.1", "9.255.255.255", "11.0.0.0",
        "100.63.255.255", "100.128.0.0",
        "126.255.255.255", "128.0.0.0",
        "169.253.255.255", "169.255.0.0",
        "172.15.255.255", "172.32.0.0",
        "192.167.255.255", "192.169.0.0",
        "223.255.255.255",
        "2001:4860:4860::8888", "2606:4700:4700::1111", "fbff:ffff::1", "2a00:1450::1",
        "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
    ])
    func publicAddressIsPublic(_ text: String) throws {
        let address = try #require(NetworkAddress(text))
        #expect(address.isPublic)
    }

    @Test(arguments: ["localhost", "example.org", "", "1.2.3", "::g"])
    func aHostNameIsNoAddress(_ text: String) {
        #expect(NetworkAddress(text) == nil)
    }

    @Test func anAddressIsWrittenAsInetNtopWritesIt() throws {
        #expect(try #require(NetworkAddress("::FFFF:169.254.169.254")).description == "::ffff:169.254.169.254")
        #expect(try #require(NetworkAddress("10.0.0.1")).description == "10.0.0.1")
    }

    @Test func aTrustedHostMatchesWhateverItsCaseAndIPv6Brackets() {
        let policy = OutboundAddressPolicy.publicOnly(trustedHosts: ["::1", "feeds.example.org"])
        #expect(!policy.restricts(host: "[::1]"))
        #expect(!policy.restricts(host: "Feeds.Example.ORG"))
        #expect(policy.restricts(host: "example.org"))
        #expect(!OutboundAddressPolicy.publicOnly(trustedHosts: ["[::1]", "Feeds.Example.org"]).restricts(host: "feeds.example.org"))
        #expect(!OutboundAddressPolicy.publicOnly(trustedHosts: ["[::1]"]).restricts(host: "[::1]"))
        #expect(!OutboundAddressPolicy.anyAddress.restricts(host: "localhost"))
    }
}
