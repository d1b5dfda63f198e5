import Foundation

/// Encodes and decodes the JSON text columns (tags, authors, entry_json).
package enum JSONColumn {
    package static func encode<T: Encodable>(_ value: T, path: String, what: String,
                                      encoder: JSONEncoder = JSONEncoder()) throws(StoreError) -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError.unreadableRecord(path: path, what: what, message: "\(error)")
        }
    }

    package static func decode<T: Decodable>(_ type: T.Type, from text: String, path: String, what: String) throws(StoreError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.unreadableRecord(path: path, what: what, message: "\(error)")
        }
    }
}
