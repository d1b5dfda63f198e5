import FeedModel

extension Entry {
    /// The entry's text without markup: its plain text, else its HTML (or summary) with the tags
    /// removed and the common entities decoded — the same text the search index holds, so a
    /// notification quotes what `feedd search` finds.
    public var plainText: String { SearchText.body(of: self) }
}
