import Foundation
import FeedModel

/// The signature a webhook carries when its hook has a `secret`: HMAC-SHA256 of the exact body
/// bytes, so a receiver can check that the POST came from this feedd and was not altered.
public enum WebhookSignature {
    /// The request header that carries the signature.
    public static let header = "X-Feedd-Signature"

    /// `sha256=<64 lowercase hex digits>` — the scheme prefix lets receivers accept a future
    /// algorithm next to this one.
    public static func sign(body: Data, secret: String) -> String {
        "sha256=" + SHA256.hexString(SHA256.hmac(key: Array(secret.utf8), message: body))
    }
}
