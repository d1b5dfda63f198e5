import FeedModel

/// A test on an item that decides whether a hook route fires for it (a hook's or its feed's
/// `block` / `allow` rules). The store applies it where it decides the outbox rows and knows no
/// more of it; `key` (the rules' text) stands for it in comparisons.
public struct EntryPredicate: Sendable, Hashable {
    /// What identifies the test: equal keys, equal tests.
    public let key: String
    private let test: @Sendable (Entry) -> Bool

    /// A predicate named `key`.
    public init(key: String, _ test: @escaping @Sendable (Entry) -> Bool) {
        self.key = key
        self.test = test
    }

    /// Admits every item.
    public static let all = EntryPredicate(key: "") { _ in true }

    /// Whether the route fires for `entry`.
    public func admits(_ entry: Entry) -> Bool { test(entry) }

    public static func == (lhs: EntryPredicate, rhs: EntryPredicate) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}
