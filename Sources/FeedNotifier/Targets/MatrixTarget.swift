import FeedFetcher
import FeedModel
import Foundation

/// Matrix (spec.matrix.org, client-server API `PUT /_matrix/client/v3/rooms/{roomId}/send/
/// m.room.message/{txnId}`): an `m.text` event with a plain and an HTML body.
///
/// The transaction id is derived from the delivery id: the homeserver answers a repeated
/// transaction id with the event it already sent, so a retry after a lost answer is never shown
/// twice in the room.
public struct MatrixTarget: HTTPTarget {
    /// The homeserver's base URL.
    public var homeserverURL: String
    /// The room id (`!abc:example.org`).
    public var room: String
    /// The bot account's access token.
    public var accessToken: String

    public var kind: String { "matrix" }
    public var configuredURL: String { homeserverURL }
    public var secrets: [String] { [accessToken] }

    /// A target posting into `room` on `homeserverURL`.
    public init(homeserverURL: String, room: String, accessToken: String) {
        self.homeserverURL = homeserverURL
        self.room = room
        self.accessToken = accessToken
    }

    /// The transaction id of a delivery: the same for every attempt of it.
    public static func transactionID(deliveryID: String) -> String { "feedd-\(deliveryID)" }

    public func request(for message: NotificationMessage, deliveryID: String) -> TargetRequest {
        var body = JSONObjectBuilder()
        body.add("msgtype", "m.text")
        if let custom = message.customText {
            body.add("body", custom)
        } else {
            body.add("body", message.plainBody)
            body.add("format", "org.matrix.custom.html")
            body.add("formatted_body", Self.html(message))
        }
        let path = "/_matrix/client/v3/rooms/\(Self.pathSegment(room))/send/m.room.message/"
            + Self.pathSegment(Self.transactionID(deliveryID: deliveryID))
        return .json(Self.trimmingSlash(homeserverURL) + path, method: "PUT",
                     headers: ["Authorization": "Bearer \(accessToken)"], body.value)
    }

    static func html(_ message: NotificationMessage) -> String {
        let heading = MarkupEscaping.html(message.heading)
        var html = "<b>\(MarkupEscaping.html(message.feedName))</b>: "
        html += message.url.map { "<a href=\"\(MarkupEscaping.html($0))\">\(heading)</a>" } ?? heading
        if !message.text.isEmpty {
            html += "<br>" + MarkupEscaping.html(message.text).replacingOccurrences(of: "\n", with: "<br>")
        }
        return html
    }

    /// A room id or transaction id as one path segment: `!`, `:` and `#` percent-encoded.
    static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
