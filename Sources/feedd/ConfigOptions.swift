import ArgumentParser
import FeedDaemon
import Foundation
import Glibc

/// `--config FILE`, shared by every command that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $XDG_CONFIG_HOME/feedd/feedd.toml, or /etc/feedd/feedd.toml as root).")
    var config: String?

    var path: String { config ?? ConfigLoader.defaultPath(environment: ProcessInfo.processInfo.environment) }

    /// The loaded configuration; a bad one prints its file, line and key and exits 2.
    func load() throws -> Config {
        do {
            return try ConfigLoader.load(path: path)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }

    /// The store opened for reading only, for the commands that only read (no fetcher, no sync);
    /// a store that cannot be opened exits 2.
    func openQueries() throws -> StoreQueries {
        let config = try load()
        do {
            return try StoreQueries(config: config)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }

    /// Requeues failed deliveries (all when `ids` is nil): the store opened to write, with no
    /// fetcher or notifier; a store that cannot be opened exits 2.
    func requeueParked(ids: [Int64]?) throws -> Int {
        let config = try load()
        do {
            return try ParkedDeliveries.requeue(ids: ids, config: config)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }

    /// The runtime (store, fetcher, notifier) for the loaded configuration; a store that cannot be
    /// opened exits 2 as well, since nothing can run without it.
    func openRuntime() throws -> Runtime {
        let config = try load()
        do {
            return try Runtime(config: config, log: { Console.error($0) })
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }
}

/// Where output goes: results on stdout, diagnostics one line each on stderr.
///
/// Text that input can reach (feed titles and URLs, server and hook messages, parse errors) is written
/// through `escapedForTerminal`, so it can neither steer the terminal nor start a line of its own.
enum Console {
    /// One diagnostic line on stderr, escaped.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line.escapedForTerminal + "\n").utf8))
    }

    /// One result line on stdout, escaped; for lines whose parts are not escaped already.
    static func line(_ text: String) {
        print(text.escapedForTerminal)
    }

    /// A JSON document on stdout, indented, then a line feed: written in 64 KiB pieces straight to
    /// the file descriptor, so `feedd parse` of a large feed holds no second copy of its output.
    static func json(_ value: JSONValue) {
        json { sink in value.write(pretty: true, to: sink) }
    }

    /// The same for a document that `write` hands over in pieces as it encodes it (`feedd parse`).
    static func json(writing write: ((UnsafeRawBufferPointer) -> Void) -> Void) {
        fflush(nil)  // every stdio stream: anything `print` buffered goes out first
        write { writeAll($0) }
        [UInt8(ascii: "\n")].withUnsafeBytes { writeAll($0) }
    }

    /// Writes every byte to stdout, resuming after partial writes and signals; stops quietly when
    /// the reader went away (`feedd parse … | head`).
    private static func writeAll(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Rewrites the current terminal line (progress), only when stderr is a terminal.
    static func progress(_ line: String) {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line.escapedForTerminal).utf8))
    }

    static func endProgress() {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
