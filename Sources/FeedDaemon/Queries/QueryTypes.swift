import FeedModel
import FeedNotifier
import FeedStore

// The store's value types the command line shows, named through FeedDaemon so that the `feedd`
// executable needs no other module: FeedDaemon is its one door.

/// An item with its feed's name and, for a comment, its article.
public typealias ListedItem = FeedStore.ListedItem
/// One delivery of the hook outbox.
public typealias OutboxEntry = FeedStore.OutboxEntry
/// Which deliveries `feedd hooks` lists.
public typealias OutboxState = FeedStore.OutboxState
/// How one hook delivery ended.
public typealias HookOutcome = FeedNotifier.HookOutcome
/// A JSON document as the command line writes it (`parse`, `items --json`, `status --json`).
public typealias JSONValue = FeedModel.JSONValue
/// The timestamp format every listing uses.
public typealias RFC3339 = FeedModel.RFC3339
