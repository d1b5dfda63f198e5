import FeedModel
import Foundation

/// Writes `items.entry_json` and `items.authors` by hand, in exactly the shape Foundation's
/// `JSONEncoder` gives `Entry`'s and `Author`'s synthesized `Codable`: the property names as keys,
/// absent optionals left out, dates as seconds since 2001 (`Date`'s own encoding).
///
/// Why by hand: `JSONEncoder` cost about 15 µs per item, the largest single cost of an ingest.
/// Why that shape: rows written before and after read back through one `JSONDecoder` path
/// (`StoredItem`), with no migration of stored rows.
package enum EntryJSON {
    /// The entry without its large texts (they have their own columns); nil if a number in it is
    /// not finite, which JSON cannot hold (the caller then lets `JSONEncoder` report it).
    package static func encode(_ entry: Entry) -> String? {
        var json = JSONText(capacity: 512)
        json.openObject()
        json.member("guid", entry.guid)
        json.member("url", entry.url)
        json.member("externalURL", entry.externalURL)
        json.member("title", entry.title)
        json.member("imageURL", entry.imageURL)
        json.member("published", entry.published)
        json.member("modified", entry.modified)
        json.key("authors")
        json.authors(entry.authors)
        json.key("tags")
        json.openArray()
        for tag in entry.tags {
            json.separator()
            json.string(tag)
        }
        json.closeArray()
        json.key("enclosures")
        json.openArray()
        for enclosure in entry.enclosures {
            json.separator()
            json.openObject()
            json.member("url", enclosure.url)
            json.member("mimeType", enclosure.mimeType)
            json.member("sizeInBytes", enclosure.sizeInBytes)
            json.member("durationSeconds", enclosure.durationSeconds)
            json.member("title", enclosure.title)
            json.closeObject()
        }
        json.closeArray()
        json.member("commentsURL", entry.commentsURL)
        json.member("commentsFeedURL", entry.commentsFeedURL)
        json.member("commentCount", entry.commentCount.map(Int64.init))
        json.closeObject()
        return json.text
    }

    /// The `authors` column: the entry's authors as a JSON array.
    package static func encode(_ authors: [Author]) -> String {
        var json = JSONText(capacity: 64)
        json.authors(authors)
        return json.text ?? "[]"
    }
}

/// Compact JSON text built on UTF-8 bytes, for `EntryJSON`.
private struct JSONText {
    private var bytes: [UInt8] = []
    /// True right after `[` or `{`, where the next value or member needs no comma.
    private var atContainerStart = true
    private var hasNonFiniteNumber = false

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// The text, or nil when a non-finite number was written.
    var text: String? { hasNonFiniteNumber ? nil : String(decoding: bytes, as: UTF8.self) }

    mutating func openObject() { bytes.append(UInt8(ascii: "{")); atContainerStart = true }
    mutating func closeObject() { bytes.append(UInt8(ascii: "}")); atContainerStart = false }
    mutating func openArray() { bytes.append(UInt8(ascii: "[")); atContainerStart = true }
    mutating func closeArray() { bytes.append(UInt8(ascii: "]")); atContainerStart = false }

    /// A comma unless this is the first element of its container.
    mutating func separator() {
        if !atContainerStart { bytes.append(UInt8(ascii: ",")) }
        atContainerStart = false
    }

    mutating func key(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func member(_ name: StaticString, _ value: Int64?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: String(value).utf8)
        atContainerStart = false
    }

    mutating func member(_ name: StaticString, _ value: Double?) {
        guard let value else { return }
        key(name)
        number(value)
    }

    /// A date the way `Date.encode(to:)` writes it: seconds since 2001-01-01 as a number.
    mutating func member(_ name: StaticString, _ value: Date?) {
        member(name, value?.timeIntervalSinceReferenceDate)
    }

    mutating func authors(_ authors: [Author]) {
        openArray()
        for author in authors {
            separator()
            openObject()
            member("name", author.name)
            member("url", author.url)
            member("email", author.email)
            member("avatar", author.avatar)
            closeObject()
        }
        closeArray()
    }

    /// Swift's shortest round-trip form (`1e-05`, `771942000.0`) is valid JSON and parses back to the same bits.
    private mutating func number(_ value: Double) {
        guard value.isFinite else {
            hasNonFiniteNumber = true
            bytes.append(UInt8(ascii: "0"))
            return
        }
        bytes.append(contentsOf: value.description.utf8)
        atContainerStart = false
    }

    /// A JSON string: quote, backslash and control characters escaped, everything else as UTF-8.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                escape(byte)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
        atContainerStart = false
    }

    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let digits = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                      digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }
    }
}
