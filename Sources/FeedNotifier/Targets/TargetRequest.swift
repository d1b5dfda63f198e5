import FeedFetcher
import FeedModel
import Foundation

/// The HTTP request a built-in target makes for one message: what the service's API expects.
public struct TargetRequest: Sendable, Equatable {
    /// The full URL, credentials in the path included where the service puts them there.
    public var url: String
    /// `POST` or `PUT`.
    public var method: String
    /// Content type, authorization and the service's own fields.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: Data

    /// A request from its parts.
    public init(url: String, method: String = "POST", headers: HTTPHeaders = [:], body: Data) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }

    /// A request whose body is `json`, compact UTF-8.
    public static func json(_ url: String, method: String = "POST", headers: HTTPHeaders = [:],
                            _ json: JSONValue) -> TargetRequest {
        var all = headers
        all.add("Content-Type", "application/json; charset=utf-8")
        return TargetRequest(url: url, method: method, headers: all, body: Data(json.serialized().utf8))
    }
}
