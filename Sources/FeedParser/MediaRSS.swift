import FeedModel

/// Media RSS (`media:content`, `media:thumbnail`, `media:group`, `media:description`) and the
/// iTunes podcast elements, which RSS and Atom feeds (YouTube, podcasts) share.
extension EntryDraft {
    /// Reads the current element when it is a Media RSS or iTunes element; false when it is neither.
    mutating func readExtension(_ reader: XMLReader) -> Bool {
        switch (reader.namespace, reader.name) {
        case (.media, .content?):
            if let url = URLResolver.resolve(reader.attribute("url"), against: reader.baseURI) {
                let size = byteCount(reader.attribute("fileSize"), element: "<media:content fileSize>")
                let seconds = duration(reader.attribute("duration"), element: "<media:content duration>")
                addEnclosure(Enclosure(url: url, mimeType: reader.attribute("type")?.trimmedOrNil,
                                       sizeInBytes: size, durationSeconds: seconds))
            }
            reader.forEachChildElement { _ = readExtension(reader) }
        case (.media, .thumbnail?):
            if entry.imageURL == nil { entry.imageURL = URLResolver.resolve(reader.attribute("url"), against: reader.baseURI) }
        case (.media, .group?):
            reader.forEachChildElement { _ = readExtension(reader) }
        case (.media, .description?):
            if fallbackText == nil {
                let isHTML = reader.attribute("type")?.lowercased() == "html"
                fallbackText = reader.readContent(isHTML ? .html : .text).trimmedOrNil
                    .map { TextConstruct(value: $0, kind: isHTML ? .html : .text) }
            }
        case (.media, .title?):
            if entry.title == nil { entry.title = reader.readText() }
        case (.itunes, .image?):
            if entry.imageURL == nil { entry.imageURL = URLResolver.resolve(reader.attribute("href"), against: reader.baseURI) }
        case (.itunes, .duration?):
            itunesDuration = duration(reader.readText(), element: "<itunes:duration>")
        case (.itunes, .summary?):
            if fallbackText == nil { fallbackText = reader.readText().map { TextConstruct(value: $0, kind: .text) } }
        case (.itunes, .author?):
            if entry.authors.isEmpty, let name = reader.readText() { entry.authors.append(Author(name: name)) }
        case (.itunes, .keywords?):
            for keyword in (reader.readText() ?? "").split(separator: ",") { addTag(String(keyword)) }
        default:
            return false
        }
        return true
    }
}
