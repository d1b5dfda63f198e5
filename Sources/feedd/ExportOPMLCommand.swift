import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd export-opml`: the configured feeds as an OPML 2.0 document on stdout.
struct ExportOPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export-opml", abstract: "Print the configured feeds as OPML.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        print(OPMLExport.document(feeds: config.feeds, title: "feedd subscriptions"), terminator: "")
    }
}
