/// A person credited for a feed or an entry (`dc:creator`, `<author>`, `itunes:author`, JSON Feed `authors`).
public struct Author: Sendable, Hashable, Codable {
    public var name: String?
    public var url: String?
    public var email: String?
    public var avatar: String?

    public init(name: String? = nil, url: String? = nil, email: String? = nil, avatar: String? = nil) {
        self.name = name
        self.url = url
        self.email = email
        self.avatar = avatar
    }

    /// True when nothing identifies the person, so it should not be emitted at all.
    public var isEmpty: Bool { name == nil && url == nil && email == nil && avatar == nil }
}
