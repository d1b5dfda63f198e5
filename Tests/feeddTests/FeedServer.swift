import Foundation
import Synchronization
import TestSupport

/// A loopback feed server for the daemon tests: a table of path → body the test changes between
/// polls, a log of every request path (to count polls and see a new feed being fetched), and
/// paths that stall before answering. Every answer is a plain 200, so an unchanged feed costs the
/// daemon its body-hash check and nothing more.
final class FeedServer: Sendable {
    private struct State {
        var files: [String: Data] = [:]
        var requests: [String] = []
        var stalls: [String: Double] = [:]
    }

    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared = Shared()
    let server: HTTPTestServer

    init() throws {
        let shared = self.shared
        server = try HTTPTestServer { request in
            let path = String(request.path.prefix { $0 != "?" })
            let (body, stall) = shared.state.withLock { state in
                state.requests.append(path)
                return (state.files[path], state.stalls[path] ?? 0)
            }
            guard let body else { return .status(404, text: "not found") }
            return HTTPTestResponse.ok(body, contentType: "application/rss+xml; charset=utf-8").stalling(stall)
        }
    }

    deinit { server.stop() }

    /// The URL of `path`.
    func url(_ path: String) -> String { server.url(path) }

    /// Serves `text` at `path` from now on.
    func set(_ path: String, _ text: String) {
        shared.state.withLock { $0.files[path] = Data(text.utf8) }
    }

    /// Answers requests for `path` only after `seconds`.
    func stall(_ path: String, seconds: Double) {
        shared.state.withLock { $0.stalls[path] = seconds }
    }

    /// How many requests for `path` arrived so far.
    func requests(for path: String) -> Int {
        shared.state.withLock { $0.requests.filter { $0 == path }.count }
    }

    func stop() { server.stop() }
}

/// An article of a test feed.
struct TestArticle {
    var guid: String
    var title: String
    var content: String? = nil
    /// The URL of its comment feed (`wfw:commentRss`), if it has one.
    var commentsFeed: String? = nil
}

/// RSS 2.0 documents for the daemon tests, text escaped for XML and content in CDATA, so what the
/// test wrote is exactly what the parser reads back.
enum TestFeed {
    static func rss(title: String = "Test feed", items: [TestArticle]) -> String {
        var text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:wfw="http://wellformedweb.org/CommentAPI/"><channel>
        <title>\(escaped(title))</title><link>http://example.org/</link><description>test</description>

        """
        for item in items {
            text += "<item><title>\(escaped(item.title))</title><link>http://example.org/\(escaped(item.guid))</link>"
            text += "<guid isPermaLink=\"false\">\(escaped(item.guid))</guid>"
            if let content = item.content { text += "<description><![CDATA[\(content)]]></description>" }
            if let comments = item.commentsFeed { text += "<wfw:commentRss>\(escaped(comments))</wfw:commentRss>" }
            text += "</item>\n"
        }
        return text + "</channel></rss>\n"
    }

    /// `&`, `<`, `>`, `"` as XML references.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
