// libFuzzer entry point: every input goes through everything FeedParser reads from untrusted bytes.
// Built with `-parse-as-library`, so this file has no top-level code; libFuzzer supplies `main`.
import FeedParser
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeedParser(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    _ = try? FeedParser.parse(data, contentType: nil, baseURL: "https://fuzz.example.org/feed")
    _ = DateParser.parse(String(decoding: data.prefix(96), as: UTF8.self))
    if FeedDiscovery.looksLikeHTML(data) {
        _ = FeedDiscovery.discover(html: data, baseURL: "https://fuzz.example.org/page")
    }
    if data.prefix(512).range(of: Data("<opml".utf8)) != nil {
        _ = try? OPMLReader.read(data)
    }
    return 0
}
