import FeedModel
import Logging

/// A log handler that escapes control characters in everything input can reach — the message,
/// metadata values, an attached error — before the wrapped handler writes the line.
///
/// Feed titles, URLs, server messages and hook output end up in log events; with a raw line feed
/// one of them could forge a second log line, with an escape sequence it could rewrite the operator's
/// terminal. Behind this handler every event stays exactly one line (see `String.escapedForTerminal`).
public struct EscapingLogHandler<Upstream: LogHandler>: LogHandler {
    private var upstream: Upstream

    /// Wraps `upstream` (in `feedd run`, the standard-error stream handler).
    public init(wrapping upstream: Upstream) {
        self.upstream = upstream
        self.upstream.metadata = Self.escaped(upstream.metadata)
        if let provider = upstream.metadataProvider { self.upstream.metadataProvider = Self.escaping(provider) }
    }

    public var logLevel: Logger.Level {
        get { upstream.logLevel }
        set { upstream.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { upstream.metadata }
        set { upstream.metadata = Self.escaped(newValue) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { upstream[metadataKey: key] }
        set { upstream[metadataKey: key.escapedForTerminal] = newValue.map(Self.escaped) }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { upstream.metadataProvider }
        set { upstream.metadataProvider = newValue.map(Self.escaping) }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = "\(event.message.description.escapedForTerminal)"
        var metadata = event.metadata.map(Self.escaped) ?? [:]
        if let error = event.error {
            // The wrapped handler would print the error's description as it is; it goes in escaped instead.
            metadata["error.message"] = .string(String(describing: error).escapedForTerminal)
            metadata["error.type"] = .string(String(reflecting: type(of: error)))
            event.error = nil
        }
        event.metadata = metadata.isEmpty ? nil : metadata
        upstream.log(event: event)
    }

    /// Metadata with every key and value escaped.
    static func escaped(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var result: Logger.Metadata = [:]
        for (key, value) in metadata { result[key.escapedForTerminal] = escaped(value) }
        return result
    }

    /// One metadata value escaped; a value given as a `CustomStringConvertible` is escaped as its description.
    static func escaped(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): return .string(text.escapedForTerminal)
        case .stringConvertible(let convertible): return .string(convertible.description.escapedForTerminal)
        case .dictionary(let dictionary): return .dictionary(escaped(dictionary))
        case .array(let values): return .array(values.map(escaped))
        @unknown default: return .string(value.description.escapedForTerminal)
        }
    }

    private static func escaping(_ provider: Logger.MetadataProvider) -> Logger.MetadataProvider {
        Logger.MetadataProvider { escaped(provider.get()) }
    }
}
