import FeedStore
import Foundation

/// `feedd remove`, `feedd pause` and `feedd resume`: the config file is edited in place (its
/// comments kept), then the store follows it at once, so `feedd status` and a running daemon
/// (which polls what the store says is active) see the change without a reload.
public enum FeedControl {
    /// What a command did, in words for its one line of output.
    public struct Result: Sendable, Equatable {
        public var message: String
    }

    /// Why a command could not do what it was asked: the config's problem, or the store's.
    public enum Failure: Error, CustomStringConvertible {
        case config(ConfigError)
        case store(StoreError)

        public var description: String {
            switch self {
            case .config(let error): error.description
            case .store(let error): "\(error)"
            }
        }
    }

    /// Removes the feed from the config; its items stay in the store, and adding it again resumes it.
    public static func remove(_ name: String, configPath: String) throws(Failure) -> Result {
        let url: String
        do { url = try FeedBlockEditing.removeFeed(named: name, fromConfigAt: configPath) } catch { throw .config(error) }
        try sync(configPath, dropped: [name])
        return Result(message: "removed \(name) <\(url)> from \(configPath); its stored items are kept")
    }

    /// Sets `paused = true` on the feed: it stays configured and is not polled.
    public static func pause(_ name: String, configPath: String) throws(Failure) -> Result {
        let change: FeedBlockEditing.Change
        do { change = try FeedBlockEditing.setPaused(true, feedNamed: name, inConfigAt: configPath) } catch { throw .config(error) }
        try sync(configPath)
        return Result(message: change == .unchanged ? "\(name) was already paused"
            : "paused \(name) in \(configPath); `feedd resume \(name)` polls it again")
    }

    /// Clears `paused` and brings back a feed the store retired (410 Gone): it is polled at once.
    public static func resume(_ name: String, configPath: String, now: Date = Date()) throws(Failure) -> Result {
        let change: FeedBlockEditing.Change
        do { change = try FeedBlockEditing.setPaused(false, feedNamed: name, inConfigAt: configPath) } catch { throw .config(error) }
        let store = try sync(configPath)
        let retired: String?
        do { retired = try store.reviveFeed(named: name, now: now) } catch { throw .store(error) }
        if let retired { return Result(message: "resumed \(name), which was retired (\(retired)); it is polled again now") }
        return Result(message: change == .unchanged ? "\(name) is active; nothing to resume" : "resumed \(name); it is polled again now")
    }

    /// Loads the edited config and reconciles the store with it. On a store several daemons share
    /// only `dropped` (the feed this command removed) is stopped, not every feed the config leaves out.
    @discardableResult
    static func sync(_ configPath: String, dropped: Set<String> = []) throws(Failure) -> any FeedStoring {
        let config: Config
        do { config = try ConfigLoader.load(path: configPath) } catch { throw .config(error) }
        let location = config.daemon.store
        let unlisted: UnlistedFeeds = location.isShared ? .named(dropped) : .all
        do {
            let store = try StoreOpening.open(location, patience: .oneShot)
            _ = try store.syncConfiguredFeeds(config.feeds.map { Runtime.subscription($0, in: config) },
                                              stopping: unlisted, now: Date())
            return store
        } catch {
            throw .store(error)
        }
    }
}
