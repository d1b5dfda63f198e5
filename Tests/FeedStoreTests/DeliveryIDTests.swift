@testable import FeedStore
import Foundation
import Testing

/// Delivery ids already handed to receivers must come out the same: the formula is pinned here
/// with values computed outside Swift (Python's hashlib over the documented text).
struct DeliveryIDTests {
    @Test func aDeliveryIDIsTheDocumentedHashPrefix() {
        #expect(Store.deliveryID(itemID: 12, firstSeen: Date(timeIntervalSince1970: 1_750_000_000.5), hook: "desktop",
                                 event: .new, version: 1) == "ad647a900c779fb56c10e24bb9d4b19a")
        #expect(Store.deliveryID(itemID: 9_876_543_210, firstSeen: Date(timeIntervalSince1970: 1_750_000_000), hook: "chat é",
                                 event: .updated, version: 3) == "5e5c5a2f200f50f8d7cfe10e7c287f9c")
    }
}
