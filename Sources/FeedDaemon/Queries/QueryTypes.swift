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
