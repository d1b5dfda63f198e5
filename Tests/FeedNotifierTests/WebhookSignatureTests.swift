import Foundation
import Testing
@testable import FeedNotifier

@Test func signatureIsTheHMACSHA256OfTheBodyAsPrefixedHex() {
    // RFC 4231, test case 2.
    let signature = WebhookSignature.sign(body: Data("what do ya want for nothing?".utf8), secret: "Jefe")
    #expect(signature == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
}

@Test func signatureOfAJSONBodyMatchesAnIndependentlyComputedVector() {
    // printf '%s' '{"event":"new"}' | openssl dgst -sha256 -hmac 's3cret'
    let signature = WebhookSignature.sign(body: Data(#"{"event":"new"}"#.utf8), secret: "s3cret")
    #expect(signature == "sha256=f705ae1909c98ad5d4ecfe98a34b47fc9ac6b76b93bf8781d440b84f2308ce89")
    #expect(WebhookSignature.header == "X-Feedd-Signature")
}
