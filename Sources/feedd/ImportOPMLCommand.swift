import ArgumentParser
import FeedDaemon
import FeedParser
import Foundation

/// `feedd import-opml FILE`: appends every feed of an OPML export that the config does not have yet.
struct ImportOPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import-opml", abstract: "Add the feeds of an OPML file to the config.")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The OPML file.")
    var file: String

    func run() throws {
        let config = try options.load()
        let outlines: [OPMLOutline]
        do {
            outlines = try OPMLReader.read(try Self.read(file))
        } catch {
            Console.error("feedd import-opml: \(file): \(error)")
            throw ExitCode(2)
        }
        let known = Set(config.feeds.map(\.url.absoluteString))
        var seen = Set<String>()
        let fresh = outlines.filter { !known.contains($0.xmlURL) && seen.insert($0.xmlURL).inserted }
        do {
            try ConfigEditing.appendFeeds(fresh.map {
                ConfigEditing.NewFeed(url: $0.xmlURL, name: nil, tags: $0.categories)
            }, toConfigAt: options.path)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
        Console.line("imported \(fresh.count) feeds (\(outlines.count - fresh.count) already present) into \(options.path)")
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
