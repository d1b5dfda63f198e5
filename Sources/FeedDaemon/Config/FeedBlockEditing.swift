import Foundation

/// Edits one `[[feed]]` of the config file in place (`feedd remove`, `feedd pause`, `feedd resume`):
/// only that feed's lines change, so every comment and the layout of the rest stay as they were.
/// Each result is checked by loading it again before it replaces the file.
public enum FeedBlockEditing {
    /// What `feedd pause`/`resume` changed.
    public enum Change: Sendable, Equatable {
        case changed
        /// The feed was already in that state; the file is untouched.
        case unchanged
    }

    /// Removes the `[[feed]]` called `name`: its header and every line up to its last key (comments
    /// between its keys go with it; comments after its last key, which usually introduce what
    /// follows, stay). Returns the removed feed's URL.
    @discardableResult
    public static func removeFeed(named name: String, fromConfigAt path: String) throws(ConfigError) -> String {
        let text = try readFile(path)
        let (config, block) = try locate(name, in: text, path: path)
        var lines = ConfigLines(text)
        lines.remove(block.range)
        if lines.isBlank(at: block.range.lowerBound), lines.isBlank(at: block.range.lowerBound - 1) {
            lines.remove(block.range.lowerBound...block.range.lowerBound)
        }
        let updated = try checked(lines.text, path: path) { $0.feeds.count == config.feeds.count - 1 && $0.feed(named: name) == nil }
        try ConfigEditing.write(updated, to: path)
        return block.feed.urlText
    }

    /// Sets or clears `paused = true` on the `[[feed]]` called `name`.
    public static func setPaused(_ paused: Bool, feedNamed name: String, inConfigAt path: String) throws(ConfigError) -> Change {
        let text = try readFile(path)
        let (_, block) = try locate(name, in: text, path: path)
        guard block.feed.paused != paused else { return .unchanged }
        var lines = ConfigLines(text)
        if let line = block.pausedLine {
            if paused { lines.replace(line, with: "paused = true") } else { lines.remove(line...line) }
        } else if paused {
            lines.insert("paused = true", after: block.range.lowerBound)
        }
        let updated = try checked(lines.text, path: path) { $0.feed(named: name)?.paused == paused }
        try ConfigEditing.write(updated, to: path)
        return .changed
    }

    /// A `[[feed]]` found in the text: its config, the 0-based line range to remove with it, and
    /// the 0-based line of its `paused` key.
    struct Block {
        var feed: FeedConfig
        var range: ClosedRange<Int>
        var pausedLine: Int?
    }

    static func locate(_ name: String, in text: String, path: String) throws(ConfigError) -> (Config, Block) {
        let config = try ConfigLoader.parse(text: text, path: path)
        guard let feed = config.feed(named: name) else {
            throw ConfigError(file: path, message: "no feed named \"\(name)\" (feedd list shows the names)")
        }
        let document: TOMLDocument
        do { document = try TOMLDocument(text: text, file: path) } catch { throw ConfigError(error) }
        let lines = ConfigLines(text)
        let header = feed.line - 1
        guard lines.line(header).trimmingCharacters(in: .whitespaces).hasPrefix("[[") else {
            throw ConfigError(file: path, line: feed.line, message: "the feed \"\(name)\" is not written as a [[feed]] table; edit it by hand")
        }
        let nextHeader = (Self.tableLines(document).filter { $0 - 1 > header }.min() ?? lines.count + 1) - 1
        var last = nextHeader - 1
        while last > header, lines.isBlankOrComment(at: last) { last -= 1 }
        let table = Self.table(startingAt: feed.line, in: document)
        let pausedLine = table?["paused"].map { $0.keyPosition.line - 1 }
        return (config, Block(feed: feed, range: header...last, pausedLine: pausedLine))
    }

    /// The 1-based lines of every table header (`[daemon]`, each `[[feed]]` and `[[hook]]`).
    static func tableLines(_ document: TOMLDocument) -> [Int] {
        document.root.entries.flatMap { entry -> [Int] in
            switch entry.node.value {
            case .table(let table): [table.position.line]
            case .array(let nodes): nodes.compactMap { if case .table(let t) = $0.value { t.position.line } else { nil } }
            default: []
            }
        }
    }

    /// The `[[feed]]` table whose header is on `line`.
    static func table(startingAt line: Int, in document: TOMLDocument) -> TOMLTable? {
        guard case .array(let nodes)? = document.root["feed"]?.node.value else { return nil }
        for node in nodes { if case .table(let table) = node.value, table.position.line == line { return table } }
        return nil
    }

    /// Loads `text` as the config and checks `expectation` on it; any problem leaves the file as it is.
    static func checked(_ text: String, path: String, _ expectation: (Config) -> Bool) throws(ConfigError) -> String {
        let config: Config
        do {
            config = try ConfigLoader.parse(text: text, path: path)
        } catch {
            throw ConfigError(file: path, message: "the edit would make the file invalid, so it was not made: \(error.summary)")
        }
        guard expectation(config) else {
            throw ConfigError(file: path, message: "the file's layout could not be edited safely; edit it by hand")
        }
        return text
    }

    static func readFile(_ path: String) throws(ConfigError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, message: "cannot read the file: \(FileManager.default.fileExists(atPath: path) ? "permission denied or not UTF-8" : "no such file (feedd init writes one)")")
        }
    }
}

/// A config file as lines, for edits that touch only some of them.
struct ConfigLines {
    private var lines: [Substring]
    private let endsWithNewline: Bool

    init(_ text: String) {
        endsWithNewline = text.hasSuffix("\n")
        var split = text.split(separator: "\n", omittingEmptySubsequences: false)
        if endsWithNewline { split.removeLast() }
        lines = split
    }

    var count: Int { lines.count }
    var text: String { lines.joined(separator: "\n") + (endsWithNewline || lines.isEmpty ? "\n" : "") }

    func line(_ index: Int) -> String { lines.indices.contains(index) ? String(lines[index]) : "" }

    func isBlank(at index: Int) -> Bool {
        lines.indices.contains(index) && lines[index].allSatisfy(\.isWhitespace)
    }

    func isBlankOrComment(at index: Int) -> Bool {
        guard lines.indices.contains(index) else { return false }
        let trimmed = lines[index].drop { $0.isWhitespace }
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    mutating func remove(_ range: ClosedRange<Int>) {
        let lower = max(range.lowerBound, 0), upper = min(range.upperBound, lines.count - 1)
        guard lower <= upper else { return }
        lines.removeSubrange(lower...upper)
    }

    mutating func replace(_ index: Int, with line: String) {
        guard lines.indices.contains(index) else { return }
        lines[index] = Substring(line)
    }

    mutating func insert(_ line: String, after index: Int) {
        lines.insert(Substring(line), at: min(index + 1, lines.count))
    }
}
