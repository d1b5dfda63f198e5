extension IngestResult {
    /// Registers the comment feed an article names, in the order both stores use, at most `cap`
    /// per fetch. `insert` adds the feed and hands its record back (nil when the URL is already
    /// stored); `linkExisting` finds a stored feed at the URL and links it to the article.
    ///
    /// A new article's comment feed is nearly always new too, so for one the INSERT comes first
    /// (one statement where a lookup, an INSERT and a read were three); an article already stored
    /// nearly always has its comment feed, so for one the lookup comes first, as a failed INSERT
    /// would only add a statement.
    package mutating func registerCommentFeed(articleIsNew: Bool, cap: Int,
                                              insert: () throws(StoreError) -> FeedRecord?,
                                              linkExisting: () throws(StoreError) -> Bool) throws(StoreError) {
        if articleIsNew, try registerNew(cap: cap, insert) { return }
        if try linkExisting() { return }
        if !articleIsNew, try registerNew(cap: cap, insert) { return }
        if registeredCommentFeeds.count >= cap { commentFeedsNotRegistered += 1 }
    }

    /// Inserts the comment feed unless the fetch's cap is reached; whether it did.
    private mutating func registerNew(cap: Int, _ insert: () throws(StoreError) -> FeedRecord?) throws(StoreError) -> Bool {
        guard registeredCommentFeeds.count < cap, let registered = try insert() else { return false }
        registeredCommentFeeds.append(registered)
        return true
    }
}
