import Foundation
import TestSupport

/// The services the built-in targets speak to, as loopback stand-ins that check what the real
/// API checks (see each service's API documentation cited in FeedNotifier/Targets).
enum NotificationServices {
    static let ntfyToken = "tk_ntfy0123456789"
    static let gotifyToken = "AgotifyAppToken1"
    static let telegramToken = "123456:ABC-telegramSecretToken"
    static let matrixToken = "syt_matrixAccessToken"
    static let matrixRoom = "!room42:example.org"
    static let discordToken = "discordWebhookTokenSecret"
    static let slackSecret = "slackWebhookSecretPart"

    /// A test case per target: its service, its `[[hook]]` keys and the secret it must never show.
    struct Target: Sendable, CustomStringConvertible {
        var kind: String
        var service: ServiceReceiver.Service
        var keys: @Sendable (ServiceReceiver) -> String
        var secret: String
        var description: String { kind }
    }

    static let all: [Target] = [ntfy, gotify, telegram, matrix, discord, slack]

    static func refusal(_ status: Int, _ text: String) -> (status: Int, text: String) { (status, text) }

    static let ntfy = Target(kind: "ntfy", service: .init(
        name: "ntfy",
        check: { request in
            guard request.method == "POST" else { return refusal(405, #"{"code":40501,"http":405}"#) }
            guard request.path == "/feeds-topic" else { return refusal(404, #"{"code":40401,"http":404}"#) }
            guard request.headers["Authorization"] == "Bearer \(ntfyToken)" else {
                return refusal(401, #"{"code":40101,"http":401,"error":"unauthorized"}"#)
            }
            guard !request.body.isEmpty, request.headers["Title"] != nil else { return refusal(400, #"{"code":40001}"#) }
            return nil
        },
        success: { _ in .ok(#"{"id":"sPs71M8A2T","event":"message"}"#, contentType: "application/json") },
        idempotencyKey: { $0.headers["X-Feedd-Delivery"] },
        visibleText: { request in
            [ServiceRequest.decodedHeader(request.headers["Title"]), request.headers["Click"] ?? "",
             String(decoding: request.body, as: UTF8.self)].joined(separator: "\n")
        }),
        keys: { "ntfy = \"\($0.url("/feeds-topic"))\"\ntoken = \"\(ntfyToken)\"" },
        secret: ntfyToken)

    static let gotify = Target(kind: "gotify", service: .init(
        name: "gotify",
        check: { request in
            guard request.method == "POST", request.path == "/message" else { return refusal(404, #"{"error":"Not Found"}"#) }
            guard request.headers["X-Gotify-Key"] == gotifyToken else {
                return refusal(401, #"{"error":"Unauthorized","errorCode":401,"errorDescription":"you need to provide a valid access token"}"#)
            }
            guard ServiceRequest.isJSON(request), let json = ServiceRequest.json(request),
                  json["message"] is String, json["title"] is String, json["priority"] is Int,
                  // `extras` is optional in Gotify's API (a digest has no one link); when given, it has this shape.
                  json["extras"] == nil || ((json["extras"] as? [String: Any])?["client::notification"] as? [String: Any])
                      .flatMap({ $0["click"] as? [String: Any] })?["url"] is String else {
                return refusal(400, #"{"error":"Bad Request","errorCode":400}"#)
            }
            return nil
        },
        success: { _ in .ok(#"{"id":25,"appid":5,"message":"ok"}"#, contentType: "application/json") },
        idempotencyKey: { $0.headers["X-Feedd-Delivery"] },
        visibleText: { ServiceRequest.strings(in: ServiceRequest.json($0) ?? [:]).joined(separator: "\n") }),
        keys: { "gotify = \"\($0.url(""))\"\ntoken = \"\(gotifyToken)\"\npriority = 7" },
        secret: gotifyToken)

    static let telegram = Target(kind: "telegram", service: .init(
        name: "telegram",
        check: { request in
            guard request.method == "POST", request.path == "/bot\(telegramToken)/sendMessage" else {
                return refusal(404, #"{"ok":false,"error_code":404,"description":"Not Found"}"#)
            }
            guard ServiceRequest.isJSON(request), let json = ServiceRequest.json(request),
                  json["chat_id"] as? String == "-100123", json["text"] is String, json["parse_mode"] as? String == "HTML" else {
                return refusal(400, #"{"ok":false,"error_code":400,"description":"Bad Request: message text is empty"}"#)
            }
            return nil
        },
        success: { _ in .ok(#"{"ok":true,"result":{"message_id":7}}"#, contentType: "application/json") },
        idempotencyKey: { $0.headers["X-Feedd-Delivery"] },
        visibleText: { (ServiceRequest.json($0)?["text"] as? String) ?? "" }),
        keys: { "telegram = \"\(telegramToken)\"\nchat_id = -100123\napi_url = \"\($0.url(""))\"" },
        secret: telegramToken)

    static let matrix = Target(kind: "matrix", service: .init(
        name: "matrix",
        check: { request in
            let prefix = "/_matrix/client/v3/rooms/%21room42%3Aexample.org/send/m.room.message/"
            guard request.method == "PUT", request.path.hasPrefix(prefix), request.path.count > prefix.count else {
                return refusal(404, #"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#)
            }
            guard request.headers["Authorization"] == "Bearer \(matrixToken)" else {
                return refusal(401, #"{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token passed."}"#)
            }
            guard let json = ServiceRequest.json(request), json["msgtype"] as? String == "m.text", json["body"] is String,
                  json["format"] as? String == "org.matrix.custom.html", json["formatted_body"] is String else {
                return refusal(400, #"{"errcode":"M_BAD_JSON","error":"Bad JSON"}"#)
            }
            return nil
        },
        success: { request in .ok(#"{"event_id":"$\#(request.path.split(separator: "/").last ?? "")"}"#, contentType: "application/json") },
        idempotencyKey: { $0.path.split(separator: "/").last.map(String.init) },
        visibleText: { (ServiceRequest.json($0)?["body"] as? String) ?? "" }),
        keys: { "matrix = \"\($0.url(""))\"\nroom = \"\(matrixRoom)\"\naccess_token = \"\(matrixToken)\"" },
        secret: matrixToken)

    static let discord = Target(kind: "discord", service: .init(
        name: "discord",
        check: { request in
            guard request.method == "POST", request.path == "/api/webhooks/1234/\(discordToken)" else {
                return refusal(401, #"{"message": "Invalid Webhook Token", "code": 50027}"#)
            }
            guard ServiceRequest.isJSON(request), let json = ServiceRequest.json(request), json["content"] is String,
                  let embeds = json["embeds"] as? [[String: Any]], embeds.count == 1,
                  // An embed's `url` is optional in Discord's API (a digest has no one link); when given, a string.
                  embeds[0]["title"] is String, embeds[0]["url"] == nil || embeds[0]["url"] is String else {
                return refusal(400, #"{"message": "Cannot send an empty message", "code": 50006}"#)
            }
            return nil
        },
        success: { _ in HTTPTestResponse(status: 204) },
        idempotencyKey: { $0.headers["X-Feedd-Delivery"] },
        visibleText: { ServiceRequest.strings(in: ServiceRequest.json($0) ?? [:]).joined(separator: "\n") }),
        keys: { "discord = \"\($0.url("/api/webhooks/1234/\(discordToken)"))\"" },
        secret: discordToken)

    static let slack = Target(kind: "slack", service: .init(
        name: "slack",
        check: { request in
            guard request.method == "POST", request.path == "/services/T000/B000/\(slackSecret)" else {
                return refusal(404, "no_service")
            }
            guard ServiceRequest.isJSON(request), let json = ServiceRequest.json(request),
                  let text = json["text"] as? String, !text.isEmpty else {
                return refusal(400, "invalid_payload")
            }
            return nil
        },
        success: { _ in .ok("ok") },
        idempotencyKey: { $0.headers["X-Feedd-Delivery"] },
        visibleText: { (ServiceRequest.json($0)?["text"] as? String) ?? "" }),
        keys: { "slack = \"\($0.url("/services/T000/B000/\(slackSecret)"))\"" },
        secret: slackSecret)
}
