import Foundation

/// Header fields of a test request or response, in order, with case-insensitive lookup.
public struct HTTPTestHeaders: Sendable, ExpressibleByDictionaryLiteral {
    /// The fields in order, duplicates kept.
    public var fields: [(name: String, value: String)]

    /// Headers from name-value pairs.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// Headers from a list of fields.
    public init(_ fields: [(name: String, value: String)]) { self.fields = fields }

    /// The first value of that field (any case), or nil.
    public subscript(_ name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    /// Appends a field.
    public mutating func add(_ name: String, _ value: String) { fields.append((name: name, value: value)) }
}

/// A request as the test server read it.
public struct HTTPTestRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The request target: path with query.
    public var path: String
    /// The header fields.
    public var headers: HTTPTestHeaders
    /// The body (by `Content-Length`).
    public var body: Data

    /// A request from its parts.
    public init(method: String, path: String, headers: HTTPTestHeaders, body: Data) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// What the test server answers, and how badly it behaves while doing so.
public struct HTTPTestResponse: Sendable {
    /// A body of `count` copies of `byte`, written in chunks so huge bodies cost no memory.
    public struct RepeatedBody: Sendable {
        /// The byte repeated.
        public var byte: UInt8
        /// How many bytes.
        public var count: Int

        /// `count` copies of `byte`.
        public init(byte: UInt8, count: Int) {
            self.byte = byte
            self.count = count
        }
    }

    /// The status code.
    public var status: Int
    /// Header fields; `Content-Length` is added unless `sendsContentLength` is false.
    public var headers: HTTPTestHeaders
    /// The body bytes (ignored when `repeatedBody` is set).
    public var body: Data
    /// A generated body streamed instead of `body`.
    public var repeatedBody: RepeatedBody?
    /// When false the body is delimited by closing the connection (no `Content-Length`).
    public var sendsContentLength: Bool = true
    /// Seconds to wait before answering.
    public var stallSeconds: Double = 0
    /// Send the body at this many bytes per second.
    public var dripBytesPerSecond: Int?
    /// Close the connection after reading the request, answering nothing.
    public var closeWithoutResponse: Bool = false

    /// A response from its parts.
    public init(status: Int, headers: HTTPTestHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// 200 with a body.
    public static func ok(_ body: Data, contentType: String = "application/octet-stream") -> HTTPTestResponse {
        HTTPTestResponse(status: 200, headers: ["Content-Type": contentType], body: body)
    }

    /// 200 with a text body.
    public static func ok(_ text: String, contentType: String = "text/plain; charset=utf-8") -> HTTPTestResponse {
        ok(Data(text.utf8), contentType: contentType)
    }

    /// 304 Not Modified, no body.
    public static var notModified: HTTPTestResponse { HTTPTestResponse(status: 304) }

    /// A redirect to `location`.
    public static func redirect(_ status: Int, to location: String) -> HTTPTestResponse {
        HTTPTestResponse(status: status, headers: ["Location": location])
    }

    /// A bare status with optional headers and text.
    public static func status(_ status: Int, headers: HTTPTestHeaders = [:], text: String = "") -> HTTPTestResponse {
        HTTPTestResponse(status: status, headers: headers, body: Data(text.utf8))
    }

    /// The same response, answered after `seconds`.
    public func stalling(_ seconds: Double) -> HTTPTestResponse {
        var copy = self
        copy.stallSeconds = seconds
        return copy
    }
}
