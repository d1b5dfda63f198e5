import Foundation

/// Reads the `tags` column of a feed row, which every feed row read decodes.
///
/// A poll cycle reads tens of thousands of feed rows; a `JSONDecoder` per row cost more than the
/// rest of the row. `JSONColumn.encode` writes a tag list as `["a","b"]` with no spaces, and any
/// quote, backslash, slash or control character inside a tag comes out escaped, that is with a
/// backslash. So text without a backslash, in that exact shape, splits on `","` exactly; anything
/// else goes through the JSON decoder.
package enum TagsColumn {
    package static func decode(_ text: String, path: String, feedID: Int64) throws(StoreError) -> [String] {
        let bytes = Array(text.utf8)
        if bytes == Array("[]".utf8) { return [] }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        if bytes.count >= 4, !bytes.contains(UInt8(ascii: "\\")), bytes[0] == UInt8(ascii: "["), bytes[1] == quote,
           bytes[bytes.count - 2] == quote, bytes[bytes.count - 1] == UInt8(ascii: "]") {
            // Split the bytes between `["` and `"]` on `","`, byte by byte (no grapheme rules).
            var tags: [String] = []
            var start = 2, index = 2
            let end = bytes.count - 2
            while index < end {
                if bytes[index] == quote, index + 2 < end, bytes[index + 1] == comma, bytes[index + 2] == quote {
                    tags.append(String(decoding: bytes[start..<index], as: UTF8.self))
                    index += 3
                    start = index
                } else {
                    index += 1
                }
            }
            tags.append(String(decoding: bytes[start..<end], as: UTF8.self))
            return tags
        }
        return try JSONColumn.decode([String].self, from: text, path: path, what: "tags of feed \(feedID)")
    }
}
