// libFuzzer entry point: every input goes through everything FeedParser reads from untrusted bytes.
// Built with `-parse-as-library`, so this file has no top-level code; libFuzzer supplies `main`.
import FeedParser
import Foundation

/// Charsets the transcoder is driven with: the first byte of an input picks one, as a server's
/// Content-Type would, so the iconv path sees every input too.
let fuzzCharsets = ["Shift_JIS", "EUC-JP", "EUC-KR", "GB2312", "Big5", "KOI8-R", "TIS-620", "windows-1251",
                    "windows-1255", "windows-1258", "UTF-32", "ISO-2022-JP", "UTF-16", "ISO-8859-1"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeedParser(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    _ = try? FeedParser.parse(data, contentType: nil, baseURL: "https://fuzz.example.org/feed")
    if let first = data.first {
        let charset = fuzzCharsets[Int(first) % fuzzCharsets.count]
        _ = try? FeedParser.parse(data.dropFirst(), contentType: "application/xml; charset=\(charset)",
                                  baseURL: "https://fuzz.example.org/feed")
    }
    _ = FeedParser.safeHTML(String(decoding: data, as: UTF8.self), base: "https://fuzz.example.org/item")
    _ = DateParser.parse(String(decoding: data.prefix(96), as: UTF8.self))
    if FeedDiscovery.looksLikeHTML(data) {
        _ = FeedDiscovery.discover(html: data, baseURL: "https://fuzz.example.org/page")
    }
    if data.prefix(512).range(of: Data("<opml".utf8)) != nil {
        _ = try? OPMLReader.read(data)
    }
    return 0
}
