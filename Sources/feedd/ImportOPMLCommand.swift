import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd import-opml FILE`: appends every feed of an OPML export that the config does not have
/// yet, named after its outline's title, its folders as tags.
struct ImportOPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-opml", abstract: "Add the feeds of an OPML file to the config.",
        discussion: """
            Each feed is named after its outline's title (a second "Releases" becomes "Releases 2"); folders and \
            categories become tags; htmlUrl is kept as html_url. A URL the config already has is skipped with a note.
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The OPML file.")
    var file: String

    @Flag(name: .customLong("dry-run"), help: "Show what would be added; change nothing.")
    var dryRun = false

    func run() throws {
        let exists = FileManager.default.fileExists(atPath: options.path)
        let config = exists ? try options.load()
            : Config(daemon: DaemonConfig(configFolder: "/"), feeds: [], hooks: [], sourcePath: options.path)
        let plan: OPMLImport.Plan
        do {
            plan = try OPMLImport.plan(opml: try Self.read(file), into: config)
        } catch {
            Console.error("feedd import-opml: \(file): \(error)")
            throw ExitCode(2)
        }
        for note in plan.skipped { Console.error("skipped \(note)") }
        for feed in plan.additions {
            let tags = feed.tags.isEmpty ? "" : " [" + feed.tags.joined(separator: ", ") + "]"
            Console.line("\(dryRun ? "would add" : "add") \(feed.name ?? feed.url) <\(feed.url)>\(tags)")
        }
        if dryRun { return }
        do {
            if !exists { try ConfigInit.write(to: options.path) }
            try ConfigEditing.appendFeeds(plan.additions, toConfigAt: options.path)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
        Console.line("imported \(plan.additions.count) feeds (\(plan.skipped.count) skipped) into \(options.path)")
    }

    /// The file's bytes; a missing or unreadable file is said in words, not as a Foundation error.
    static func read(_ file: String) throws -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else { throw ReadFailure("no such file") }
        guard !isFolder.boolValue else { throw ReadFailure("it is a folder") }
        guard let data = FileManager.default.contents(atPath: file) else { throw ReadFailure("permission denied") }
        return data
    }

    struct ReadFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
