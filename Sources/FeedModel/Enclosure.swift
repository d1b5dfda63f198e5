/// A file attached to an entry: an RSS `<enclosure>`, an Atom `rel="enclosure"` link or `media:content`.
public struct Enclosure: Sendable, Hashable, Codable {
    public var url: String
    public var mimeType: String?
    public var sizeInBytes: Int64?
    public var durationSeconds: Double?
    public var title: String?

    public init(url: String, mimeType: String? = nil, sizeInBytes: Int64? = nil,
                durationSeconds: Double? = nil, title: String? = nil) {
        self.url = url
        self.mimeType = mimeType
        self.sizeInBytes = sizeInBytes
        self.durationSeconds = durationSeconds
        self.title = title
    }
}
