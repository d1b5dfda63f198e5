import Foundation

/// Turns the TOML tree into a `Config`, section by section, collecting problems in `issues`.
struct ConfigReader {
    let root: TOMLTable
    let path: String
    /// Where `secret_file`s are looked up (`$CREDENTIALS_DIRECTORY`).
    let environment: [String: String]
    let issues: ConfigIssues

    static let topLevelKeys = ["daemon", "feed", "hook"]

    func read() -> Config {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        for entry in root.entries where !Self.topLevelKeys.contains(entry.key) {
            let hint = KeySuggestion.hint(for: entry.key, in: Self.topLevelKeys)
            issues.add(line: entry.keyPosition.line, key: entry.key, section: nil,
                       "unknown key (the file holds [daemon], [[feed]] and [[hook]])\(hint)")
        }
        var daemon = DaemonConfig(configFolder: folder)
        if let table = daemonTable() {
            daemon = DaemonConfig(section: ConfigSection(table: table, name: "[daemon]", issues: issues),
                                  configFolder: folder)
        }
        let feeds = readFeeds(daemon: daemon)
        let hooks = readHooks(feeds: feeds, configFolder: folder)
        return Config(daemon: daemon, feeds: feeds, hooks: hooks, sourcePath: path)
    }

    private func daemonTable() -> TOMLTable? {
        guard let entry = root["daemon"] else { return nil }
        guard case .table(let table) = entry.node.value else {
            issues.add(line: entry.keyPosition.line, key: "daemon", section: nil,
                       "expected a table ([daemon]), found \(entry.node.value.typeName)")
            return nil
        }
        return table
    }

    /// The tables of `[[feed]]` or `[[hook]]`; a single `[feed]` is a common slip and says so.
    private func arrayOfTables(_ key: String) -> [TOMLTable] {
        guard let entry = root[key] else { return [] }
        switch entry.node.value {
        case .array(let elements):
            var tables: [TOMLTable] = []
            for element in elements {
                guard case .table(let table) = element.value else {
                    issues.add(line: element.position.line, key: key, section: nil,
                               "expected tables ([[\(key)]]), found \(element.value.typeName)")
                    continue
                }
                tables.append(table)
            }
            return tables
        case .table:
            issues.add(line: entry.keyPosition.line, key: key, section: nil,
                       "write [[\(key)]] (one per \(key)), not [\(key)]")
            return []
        default:
            issues.add(line: entry.keyPosition.line, key: key, section: nil,
                       "expected [[\(key)]] tables, found \(entry.node.value.typeName)")
            return []
        }
    }

    private func readFeeds(daemon: DaemonConfig) -> [FeedConfig] {
        let tables = arrayOfTables("feed")
        // The list lives as long as the daemon: grown by doubling, 10,000 feeds would hold room
        // for 16,384 (1.1 MB more, `feedd-bench daemon` in heaptrack).
        var feeds: [FeedConfig] = []
        feeds.reserveCapacity(tables.count)
        var lineOfName: [String: Int] = [:]
        var lineOfURL: [String: Int] = [:]
        for (offset, table) in tables.enumerated() {
            let section = ConfigSection(table: table, name: "[[feed]] #\(offset + 1)", issues: issues)
            guard let feed = FeedConfig(section: section, daemon: daemon) else { continue }
            if let first = lineOfURL[feed.identityURL] {
                section.report("url", line: section.entry("url")?.node.position.line,
                               "\"\(feed.urlText)\" is already configured by the [[feed]] at line \(first)")
                continue
            }
            if let first = lineOfName[feed.name] {
                let written = section.entry("name")
                let how = written == nil ? " (the default, its host); give one of them a distinct name" : ""
                section.report("name", line: written?.node.position.line,
                               "\"\(feed.name)\" is already the name of the [[feed]] at line \(first)\(how)")
                continue
            }
            lineOfURL[feed.identityURL] = feed.line
            lineOfName[feed.name] = feed.line
            feeds.append(feed)
        }
        return feeds
    }

    private func readHooks(feeds: [FeedConfig], configFolder: String) -> [HookConfig] {
        let names = feeds.map(\.name)
        var tags: [String] = []
        for tag in feeds.flatMap(\.tags) where !tags.contains(tag) { tags.append(tag) }
        var hooks: [HookConfig] = []
        var lineOfName: [String: Int] = [:]
        for (offset, table) in arrayOfTables("hook").enumerated() {
            let section = ConfigSection(table: table, name: "[[hook]] #\(offset + 1)", issues: issues)
            guard let hook = HookConfig(section: section, feedNames: names, tags: tags, configFolder: configFolder,
                                        environment: environment) else { continue }
            if let first = lineOfName[hook.name] {
                section.report("name", line: section.entry("name")?.node.position.line,
                               "\"\(hook.name)\" is already the name of the [[hook]] at line \(first)")
                continue
            }
            lineOfName[hook.name] = hook.line
            hooks.append(hook)
        }
        return hooks
    }
}
