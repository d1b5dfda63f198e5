import ArgumentParser
import Foundation
import FeedModel
import FeedParser

/// `feedd parse FILE|-`: prints a feed file (or stdin) as JSON Feed 1.1 with the `_feedd` extensions.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print a feed file (or - for stdin) as JSON Feed 1.1."
    )

    @Argument(help: "The feed file to read, or - for standard input.")
    var file: String

    @Option(help: "The HTTP Content-Type the document came with (its charset decides the encoding).")
    var contentType: String?

    @Option(help: "The URL relative links resolve against (default: the file's URL).")
    var baseURL: String?

    @Flag(help: "Print what was wrong with the document but did not stop the parse on stderr.")
    var warnings = false

    func run() throws {
        let data: Data
        do {
            data = try readInput()
        } catch {
            throw failure("feedd parse: \(file): cannot read: \(Self.reason(error))")
        }
        do {
            let feed = try FeedParser.parse(data, contentType: contentType, baseURL: baseURL ?? defaultBaseURL, limits: .default)
            print(JSONFeedEncoding.document(feed).serialized(pretty: true))
            if warnings {
                for warning in feed.warnings { FileHandle.standardError.write(Data("feedd parse: \(file): warning: \(warning)\n".utf8)) }
            }
        } catch {
            throw failure("feedd parse: \(file): \(error.description)")
        }
    }

    private var defaultBaseURL: String? {
        file == "-" ? nil : URL(fileURLWithPath: file).absoluteString
    }

    private func readInput() throws -> Data {
        if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        return try Data(contentsOf: URL(fileURLWithPath: file))
    }

    /// Writes `line` as the one line on stderr and gives the exit code for a file that is unreadable or no feed.
    private func failure(_ line: String) -> ExitCode {
        let oneLine = line.replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data((oneLine + "\n").utf8))
        return ExitCode(2)
    }

    private static func reason(_ error: Error) -> String {
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
