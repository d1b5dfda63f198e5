import Foundation

// Makers for the result types whose memberwise initialisers are internal, so the PostgreSQL
// store (another module of this package) builds the same values the SQLite store returns. Each
// forwards to the memberwise initialiser and adds no behaviour; factories, not initialisers, so
// no call site in this module becomes ambiguous.

extension OutboxEntry {
    package static func make(id: Int64, deliveryID: String, hook: String, event: HookEvent, attempts: Int,
                             nextAttemptAt: Date, lastError: String?, lastResponse: String?, deliveredAt: Date?,
                             failedAt: Date?, createdAt: Date, claim: Claim?, item: StoredItem, feed: FeedRecord,
                             article: StoredItem?, digestRole: OutboxDigestRole?) -> OutboxEntry {
        OutboxEntry(id: id, deliveryID: deliveryID, hook: hook, event: event, attempts: attempts, nextAttemptAt: nextAttemptAt,
                    lastError: lastError, lastResponse: lastResponse, deliveredAt: deliveredAt, failedAt: failedAt,
                    createdAt: createdAt, claim: claim, item: item, feed: feed, article: article, digestRole: digestRole,
                    digestMembers: [])
    }
}

extension ListedItem {
    package static func make(item: StoredItem, feedName: String, isComment: Bool, articleTitle: String?,
                             articleURL: String?) -> ListedItem {
        ListedItem(item: item, feedName: feedName, isComment: isComment, articleTitle: articleTitle, articleURL: articleURL)
    }
}

extension FeedStatus.Article {
    package static func make(id: Int64, feedID: Int64, title: String?, url: String?) -> FeedStatus.Article {
        FeedStatus.Article(id: id, feedID: feedID, title: title, url: url)
    }
}

extension IngestResult {
    package static func make(wasBacklog: Bool) -> IngestResult {
        var result = IngestResult()
        result.wasBacklog = wasBacklog
        return result
    }
}
