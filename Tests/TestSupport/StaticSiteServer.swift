import Foundation
import Synchronization

/// A test web site: a mutable table of path → file served by an `HTTPTestServer`, answering
/// conditional GETs like a real server (ETag from a hash of the body, Last-Modified from when the
/// file was set), so end-to-end tests can swap files between polls and see 200s and 304s.
public final class StaticSiteServer: Sendable {
    /// One served file.
    public struct File: Sendable {
        /// The bytes served.
        public var body: Data
        /// The `Content-Type` header.
        public var contentType: String
        /// The strong ETag, quoted.
        public var etag: String
        /// The `Last-Modified` header.
        public var lastModified: String
    }

    private struct Site {
        var files: [String: File] = [:]
        var lastModified = Date(timeIntervalSince1970: 0)
    }

    /// The table, shared between the test and the server's threads.
    private final class SharedSite: Sendable {
        let state = Mutex(Site())
    }

    private let shared = SharedSite()
    /// The underlying server with its counters.
    public let server: HTTPTestServer

    /// Starts serving `files` (path → body and content type).
    public init(files: [String: (body: Data, contentType: String)] = [:]) throws {
        let shared = self.shared
        server = try HTTPTestServer { request in StaticSiteServer.answer(request, site: shared) }
        for (path, file) in files { set(path, body: file.body, contentType: file.contentType) }
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { server.baseURL }
    /// The URL of `path`.
    public func url(_ path: String) -> String { server.url(path) }

    /// Serves `body` at `path` from now on; Last-Modified strictly increases with every change, so a
    /// change within the same second still defeats If-Modified-Since.
    public func set(_ path: String, body: Data, contentType: String = "application/xml") {
        shared.state.withLock { site in
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            site.lastModified = max(now, site.lastModified.addingTimeInterval(1))
            site.files[path] = File(body: body, contentType: contentType,
                                    etag: "\"\(Self.fnv1a(body))\"",
                                    lastModified: HTTPDateFormat.string(from: site.lastModified))
        }
    }

    /// Serves `text` (UTF-8) at `path`.
    public func set(_ path: String, text: String, contentType: String = "application/xml") {
        set(path, body: Data(text.utf8), contentType: contentType)
    }

    /// Stops serving `path` (it answers 404).
    public func remove(_ path: String) { shared.state.withLock { _ = $0.files.removeValue(forKey: path) } }

    /// The file currently at `path`.
    public func file(_ path: String) -> File? { shared.state.withLock { $0.files[path] } }

    /// Stops the server.
    public func stop() { server.stop() }

    private static func answer(_ request: HTTPTestRequest, site: SharedSite) -> HTTPTestResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return .status(405) }
        let path = String(request.path.prefix { $0 != "?" })
        guard let file = site.state.withLock({ $0.files[path] }) else { return .status(404, text: "not found") }
        let validators: HTTPTestHeaders = ["ETag": file.etag, "Last-Modified": file.lastModified]
        if let tags = request.headers["If-None-Match"] {
            // RFC 9110 §13.1.2: If-None-Match wins over If-Modified-Since.
            let matches = tags.split(separator: ",").contains {
                let tag = $0.trimmingCharacters(in: .whitespaces)
                return tag == "*" || tag == file.etag || tag == "W/" + file.etag
            }
            if matches { return HTTPTestResponse(status: 304, headers: validators) }
        } else if request.headers["If-Modified-Since"] == file.lastModified {
            // Clients send back the value we gave; an exact match means nothing changed since.
            return HTTPTestResponse(status: 304, headers: validators)
        }
        var response = HTTPTestResponse.ok(file.body, contentType: file.contentType)
        for field in validators.fields { response.headers.add(field.name, field.value) }
        return response
    }

    /// 64-bit FNV-1a of the body, in hex: a stable content hash for the ETag.
    private static func fnv1a(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
