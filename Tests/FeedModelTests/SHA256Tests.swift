import Foundation
import Testing
@testable import FeedModel

@Test func sha256OfEmptyInputMatchesTheStandardVector() {
    #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
}

@Test func sha256OfABCMatchesTheStandardVector() {
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
}

@Test func sha256OfAMultiBlockMessageMatchesTheStandardVector() {
    let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    #expect(SHA256.hex(Array(message.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
}

@Test func hmacMatchesRFC4231TestCase2() {
    let mac = SHA256.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
    #expect(SHA256.hexString(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
}

@Test func sha256OfAMillionAsFedInUnevenPiecesMatchesTheStandardVector() {
    var hasher = SHA256()
    let pieces = [1, 63, 64, 65, 127, 1_000, 4_096]
    var fed = 0
    for round in 0..<2_000 where fed < 1_000_000 {
        let size = min(pieces[round % pieces.count], 1_000_000 - fed)
        hasher.update(Data(repeating: UInt8(ascii: "a"), count: size))
        fed += size
    }
    #expect(fed == 1_000_000)
    #expect(SHA256.hexString(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}
@Test func sha256OfAManyBlockMessageFedInOddSizedChunksMatchesTheStandardVector() {
    // FIPS 180-2's long vector: one million "a", here fed as a run of chunks of 1 to 130 bytes,
    // so pieces end inside, exactly at and across block boundaries.
    let total = 1_000_000
    var hasher = SHA256()
    var fed = 0
    var size = 1
    while fed < total {
        let count = min(size, total - fed)
        hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: count))
        fed += count
        size = size % 130 + 7
    }
    #expect(SHA256.hexString(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}

@Test func sha256OfANonContiguousSequenceEqualsItsArray() {
    let message = (0..<1000).lazy.map { UInt8(truncatingIfNeeded: $0 &* 31) }
    #expect(SHA256.hex(message) == SHA256.hex(Array(message)))
}
