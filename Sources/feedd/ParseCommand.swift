import ArgumentParser
import FeedDaemon
import Foundation

/// `feedd parse FILE|URL|-`: prints a feed (a file, stdin, or fetched from a URL) as JSON Feed 1.1
/// with the `_feedd` extensions; `--discover` prints the feed links an HTML page advertises instead.
struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print a feed file, URL (or - for stdin) as JSON Feed 1.1.",
        discussion: "An http(s) URL is fetched; when it is an HTML page, the first feed it advertises is fetched and parsed."
    )

    @Argument(help: "The feed file to read, an http(s) URL to fetch, or - for standard input.")
    var file: String

    @Flag(help: "Print the feed URLs an HTML page advertises (one per line), resolved to absolute URLs.")
    var discover = false

    @Option(help: "The HTTP Content-Type the document came with (its charset decides the encoding).")
    var contentType: String?

    @Option(help: "The URL relative links resolve against (default: the file's URL).")
    var baseURL: String?

    @Flag(help: "Print what was wrong with the document but did not stop the parse on stderr.")
    var warnings = false

    private var isURL: Bool { file.hasPrefix("http://") || file.hasPrefix("https://") }

    func run() async throws {
        MallocTuning.prepareForOneLargeParse()
        if isURL && !discover {
            try await parseURL()
            return
        }
        let data: Data
        do {
            data = isURL ? try await fetch(file) : try readInput()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw failure("feedd parse: \(file): cannot read: \(Self.reason(error))")
        }
        if discover {
            let feeds = FeedPreview.advertisedFeeds(html: data, baseURL: baseURL ?? defaultBaseURL ?? file)
            guard !feeds.isEmpty else {
                Console.error("feedd parse: \(file): the page advertises no feed")
                throw ExitCode(1)
            }
            for feed in feeds { Console.line(feed) }
            return
        }
        do {
            let printable = try FeedPreview.parseForPrinting(data, contentType: contentType, baseURL: baseURL ?? defaultBaseURL, pretty: true)
            let feed = printable.feed
            Console.json { printable.write(to: $0) }
            if warnings {
                for warning in feed.warnings { Console.error("feedd parse: \(file): warning: \(warning)") }
            }
            Self.exitKeepingMemory(printable)
        } catch {
            throw failure("feedd parse: \(file): \(error.description)")
        }
    }

    /// Ends the process with the feed still allocated: the kernel takes the memory back at once, where
    /// freeing a large feed's entries one string at a time cost 2-3% of `feedd parse` on a 20 MB feed.
    private static func exitKeepingMemory<Value>(_ feed: Value) -> Never {
        withExtendedLifetime(feed) { Foundation.exit(EXIT_SUCCESS) }
    }

    private var defaultBaseURL: String? {
        if isURL { return file }
        return file == "-" ? nil : URL(fileURLWithPath: file).absoluteString
    }

    /// Fetches the URL (or the first feed its page advertises); the response's content type and
    /// final URL feed the parser's encoding and base-URL rules.
    private func parseURL() async throws {
        do {
            let located = try await FeedPreview.locate(file)
            Console.json { FeedPreview.writeDocument(located.feed, pretty: true, to: $0) }
            if warnings {
                for warning in located.feed.warnings { Console.error("feedd parse: \(file): warning: \(warning)") }
            }
        } catch {
            throw failure("feedd parse: \(file): \(error)")
        }
    }

    private func fetch(_ url: String) async throws -> Data {
        do {
            return try await FeedPreview.fetchBody(url)
        } catch {
            throw failure("feedd parse: \(url): \(error.description)")
        }
    }

    /// A file is mapped, not read: its pages come straight from the page cache, where a read would
    /// copy 20 MB into fresh memory the kernel must first clear (a tenth of a large feed's parse).
    private func readInput() throws -> Data {
        if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        return try MappedFile.read(file)
    }

    /// Writes `line` as the one line on stderr and gives the exit code for a file that is unreadable or no feed.
    private func failure(_ line: String) -> ExitCode {
        Console.error(line)
        return ExitCode(2)
    }

    private static func reason(_ error: Error) -> String {
        if let unreadable = error as? MappedFile.ReadError { return unreadable.description }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.code == NSFileReadNoSuchFileError { return "no such file" }
        if nsError.code == NSFileReadNoPermissionError { return "permission denied" }
        return nsError.localizedDescription
    }
}
