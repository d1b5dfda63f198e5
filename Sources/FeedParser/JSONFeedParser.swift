import Foundation
import FeedModel

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org), decoded with Foundation after a nesting check.
enum JSONFeedParser {
    /// Reads a JSON Feed document.
    static func parse(_ data: Data, baseURL: String?, limits: ParseLimits) -> Result<Feed, ParseError> {
        if let depthError = JSONNesting.check(data, maxDepth: limits.maxDepth) { return .failure(depthError) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: JSONNumberQuoting.quoteUnrepresentable(data) ?? data, options: [])
        } catch {
            return .failure(.malformedJSON(JSONFeedParser.describe(error)))
        }
        guard let root = object as? [String: Any] else { return .failure(.notAFeed("JSON document is not an object")) }
        let version = root["version"] as? String
        guard version?.contains("jsonfeed.org") == true || root["items"] is [Any] else {
            return .failure(.notAFeed("JSON object without a JSON Feed version or items"))
        }
        return .success(feed(root, baseURL: baseURL, limits: limits))
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }

    private static func feed(_ root: [String: Any], baseURL: String?, limits: ParseLimits) -> Feed {
        var feed = Feed(format: .jsonFeed)
        feed.title = string(root["title"])
        feed.homePageURL = URLResolver.resolve(string(root["home_page_url"]), against: baseURL)
        feed.feedURL = URLResolver.resolve(string(root["feed_url"]), against: baseURL)
        feed.description = string(root["description"])
        feed.language = string(root["language"])
        feed.iconURL = URLResolver.resolve(string(root["icon"]) ?? string(root["favicon"]), against: baseURL)
        feed.authors = authors(root, baseURL: baseURL)
        for hub in root["hubs"] as? [Any] ?? [] {
            if let url = URLResolver.resolve(string((hub as? [String: Any])?["url"]), against: baseURL) { feed.hubURLs.append(url) }
        }
        let items = root["items"] as? [Any] ?? []
        for (index, item) in items.enumerated() {
            guard let item = item as? [String: Any] else {
                feed.warnings.append("an item that is not a JSON object was left out")
                continue
            }
            var refused: [String] = []
            let entry = entry(item, baseURL: baseURL, refused: &refused)
            feed.entries.append(entry)
            let name = FeedNumber.quoted(entry.title ?? entry.guid ?? entry.url ?? "(untitled)")
            feed.warnings += refused.map { "item \(index + 1) \(name): \($0)" }
        }
        return feed
    }

    /// One item; numbers that are refused are left out and described in `refused`.
    private static func entry(_ item: [String: Any], baseURL: String?, refused: inout [String]) -> Entry {
        var entry = Entry()
        // JSON Feed ids are strings, but 1.0 feeds in the wild use numbers too.
        if let number = item["id"] as? NSNumber, !(item["id"] is String) {
            entry.guid = accept(JSONNumber.identifier(number), field: "id", value: number, refused: &refused)
        } else {
            entry.guid = string(item["id"])
        }
        entry.url = URLResolver.resolve(string(item["url"]), against: baseURL)
        entry.externalURL = URLResolver.resolve(string(item["external_url"]), against: baseURL)
        entry.title = string(item["title"])
        entry.contentHTML = string(item["content_html"]).flatMap { HTMLSanitizer.sanitize($0, base: entry.url ?? baseURL).trimmedOrNil }
        entry.contentText = string(item["content_text"])
        entry.summary = string(item["summary"])
        entry.imageURL = URLResolver.resolve(string(item["image"]) ?? string(item["banner_image"]), against: baseURL)
        entry.published = string(item["date_published"]).flatMap(DateParser.parse)
        entry.modified = string(item["date_modified"]).flatMap(DateParser.parse)
        entry.authors = authors(item, baseURL: baseURL)
        for tag in item["tags"] as? [Any] ?? [] {
            if let tag = string(tag), !entry.tags.contains(tag) { entry.tags.append(tag) }
        }
        for case let attachment as [String: Any] in item["attachments"] as? [Any] ?? [] {
            guard let url = URLResolver.resolve(string(attachment["url"]), against: baseURL) else { continue }
            let size = accept(JSONNumber.whole(attachment["size_in_bytes"], max: FeedNumberLimits.maxByteCount),
                              field: "attachment size_in_bytes", value: attachment["size_in_bytes"], refused: &refused)
            let seconds = accept(JSONNumber.seconds(attachment["duration_in_seconds"], max: FeedNumberLimits.maxDurationSeconds),
                                 field: "attachment duration_in_seconds", value: attachment["duration_in_seconds"], refused: &refused)
            entry.enclosures.append(Enclosure(url: url, mimeType: string(attachment["mime_type"]),
                                              sizeInBytes: size.flatMap { $0 > 0 ? $0 : nil }, durationSeconds: seconds,
                                              title: string(attachment["title"])))
        }
        if let extensions = item["_feedd"] as? [String: Any] {
            entry.commentsURL = URLResolver.resolve(string(extensions["comments_url"]), against: baseURL)
            entry.commentsFeedURL = URLResolver.resolve(string(extensions["comments_feed_url"]), against: baseURL)
            entry.commentCount = accept(JSONNumber.whole(extensions["comment_count"], max: FeedNumberLimits.maxCommentCount),
                                        field: "_feedd.comment_count", value: extensions["comment_count"], refused: &refused)
                .map { Int($0) }
        }
        return entry
    }

    /// The accepted value of `reading`; a refused one is described (field, value, reason) in `refused`.
    private static func accept<Value>(_ reading: NumberReading<Value>, field: String, value: Any?,
                                      refused: inout [String]) -> Value? {
        if case .rejected(let reason) = reading {
            refused.append("\(field) \(describe(value)) \(reason); left out")
        }
        return reading.accepted
    }

    /// A JSON value as a warning shows it: a number as Foundation read it, a string quoted.
    private static func describe(_ value: Any?) -> String {
        switch value {
        case let text as String: return FeedNumber.quoted(text)
        case let number as NSNumber: return JSONNumber.isBoolean(number) ? (number.boolValue ? "true" : "false") : number.stringValue
        default: return "(\(value.map { String(describing: type(of: $0)) } ?? "nothing"))"
        }
    }

    /// `authors` (1.1) or the single `author` of 1.0.
    private static func authors(_ object: [String: Any], baseURL: String?) -> [Author] {
        var list = object["authors"] as? [Any] ?? []
        if list.isEmpty, let single = object["author"] { list = [single] }
        return list.compactMap { value in
            guard let value = value as? [String: Any] else { return nil }
            let author = Author(name: string(value["name"]), url: URLResolver.resolve(string(value["url"]), against: baseURL),
                                avatar: URLResolver.resolve(string(value["avatar"]), against: baseURL))
            return author.isEmpty ? nil : author
        }
    }

    private static func string(_ value: Any?) -> String? {
        (value as? String)?.trimmedOrNil
    }
}

/// The nesting depth of JSON text, measured before decoding: Foundation's decoder recurses once per
/// level, and 100,000 nested `[` must give an error, not a stack overflow.
enum JSONNesting {
    static func check(_ data: Data, maxDepth: Int) -> ParseError? {
        data.withUnsafeBytes { bytes -> ParseError? in
            var depth = 0
            var inString = false
            var escaped = false
            for byte in bytes {
                if inString {
                    if escaped { escaped = false }
                    else if byte == UInt8(ascii: "\\") { escaped = true }
                    else if byte == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    if depth > maxDepth { return .tooDeep(limit: maxDepth, line: nil) }
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                default: break
                }
            }
            return nil
        }
    }
}
