@testable import FeedFetcher
import Testing

/// Which environment variables make libcurl use a proxy, and so make the fetcher send a restricted
/// request through it rather than check the connect address (which is then the proxy's).
@Suite struct ProxyEnvironmentTests {
    @Test(arguments: [
        ("http", ["http_proxy": "http://127.0.0.1:3128"], true),
        ("http", ["HTTP_PROXY": "http://127.0.0.1:3128"], false),  // libcurl ignores it (CGI's HTTP_PROXY header)
        ("http", ["https_proxy": "http://127.0.0.1:3128"], false),
        ("https", ["https_proxy": "http://127.0.0.1:3128"], true),
        ("https", ["HTTPS_PROXY": "http://127.0.0.1:3128"], true),
        ("https", ["http_proxy": "http://127.0.0.1:3128"], false),
        ("https", ["ALL_PROXY": "socks5://127.0.0.1:1080"], true),
        ("http", ["all_proxy": "socks5://127.0.0.1:1080"], true),
        ("http", ["http_proxy": ""], false),
        ("file", ["all_proxy": "socks5://127.0.0.1:1080"], false),
    ])
    func aProxyIsFoundWhereLibcurlLooks(_ scheme: String, _ environment: [String: String], _ expected: Bool) {
        #expect(ProxyEnvironment.hasProxy(forScheme: scheme, in: environment) == expected)
    }
}
