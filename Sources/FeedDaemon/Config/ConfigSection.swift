import Foundation

/// Reads typed values out of one table of the config (`[daemon]`, one `[[feed]]`, one
/// `[[hook]]`), recording each problem with its line and key instead of stopping at the first.
/// A value with a problem reads as `nil`, so the caller falls back to its default and goes on.
struct ConfigSection {
    let table: TOMLTable
    /// `[daemon]`, `[[feed]] #3`: how messages name this table.
    let name: String
    let issues: ConfigIssues

    /// The header line, for problems about the table as a whole (a missing key).
    var line: Int { table.position.line }

    func report(_ key: String?, line: Int?, _ message: String) {
        issues.add(line: line ?? self.line, key: key, section: name, message)
    }

    func entry(_ key: String) -> TOMLEntry? { table[key] }

    /// Reports every key not in `known`, suggesting the closest known one.
    func rejectUnknownKeys(known: [String]) {
        for entry in table.entries where !known.contains(entry.key) {
            report(entry.key, line: entry.keyPosition.line,
                   "unknown key" + KeySuggestion.hint(for: entry.key, in: known))
        }
    }

    func typeMismatch(_ key: String, _ node: TOMLNode, expected: String) {
        var found = node.value.typeName
        if case .string(let text) = node.value { found += " (\"\(Self.escaped(text))\")" }
        report(key, line: node.position.line, "expected \(expected), found \(found)")
    }

    // MARK: - Scalars

    /// A string value; a NUL character (`\u0000`) is reported, as no path, argument, environment
    /// variable or header can carry one: C would silently cut the text there.
    func string(_ key: String) -> String? {
        guard let node = entry(key)?.node else { return nil }
        guard case .string(let text) = node.value else {
            typeMismatch(key, node, expected: "a string")
            return nil
        }
        guard !text.unicodeScalars.contains("\0") else {
            report(key, line: node.position.line, "contains a NUL character (\\u0000)")
            return nil
        }
        return text
    }

    /// A one-line string with visible content and no control characters: it ends up in a request
    /// header (`user_agent`), a log line or a hook's environment (names, tags), where a CR or LF
    /// would start a header or a line of its own.
    func singleLineString(_ key: String) -> String? {
        guard let text = nonEmptyString(key) else { return nil }
        if let control = Self.firstControlCharacter(in: text) {
            report(key, line: entry(key)?.node.position.line,
                   "contains the control character \(control.codeLabel); write it on one line without control characters")
            return nil
        }
        return text
    }

    /// The first C0 or C1 control character or DEL in `text`, if any (tab included).
    static func firstControlCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isControl)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// A string that must have visible content.
    func nonEmptyString(_ key: String) -> String? {
        guard let text = string(key) else { return nil }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            report(key, line: entry(key)?.node.position.line, "must not be empty")
            return nil
        }
        return text
    }

    func bool(_ key: String) -> Bool? {
        guard let node = entry(key)?.node else { return nil }
        guard case .boolean(let value) = node.value else {
            typeMismatch(key, node, expected: "true or false")
            return nil
        }
        return value
    }

    func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let node = entry(key)?.node else { return nil }
        guard case .integer(let value) = node.value else {
            typeMismatch(key, node, expected: "an integer")
            return nil
        }
        guard range.contains(value) else {
            report(key, line: node.position.line, "\(value) is out of range (\(range.lowerBound)…\(range.upperBound))")
            return nil
        }
        return value
    }

    /// `"15m"`, `"1h30m"` or integer seconds, within `range` (see `ConfigLimits`).
    func duration(_ key: String, in range: ClosedRange<Duration>) -> Duration? {
        guard let node = entry(key)?.node else { return nil }
        let parsed: Duration
        switch node.value {
        case .string(let text):
            guard let value = ConfigDuration.parse(text) else {
                let problem = ConfigDuration.isWellFormed(text)
                    ? "\"\(text)\" is longer than the maximum \(ConfigDuration.format(range.upperBound))"
                    : "invalid duration \"\(Self.escaped(text))\" \(ConfigDuration.hint)"
                report(key, line: node.position.line, problem)
                return nil
            }
            parsed = value
        case .integer(let seconds):
            guard seconds >= 0 else {
                report(key, line: node.position.line, "\(seconds) is negative; a duration is 0 or more seconds")
                return nil
            }
            parsed = .seconds(seconds)
        default:
            typeMismatch(key, node, expected: "a duration such as \"15m\"")
            return nil
        }
        return within(range, parsed, key: key, line: node.position.line)
    }

    private func within(_ range: ClosedRange<Duration>, _ value: Duration, key: String, line: Int) -> Duration? {
        let show = ConfigDuration.format
        if value < range.lowerBound {
            let problem = value == .zero && range.lowerBound == .seconds(1)
                ? "must be longer than 0s" : "\(show(value)) is shorter than the minimum \(show(range.lowerBound))"
            report(key, line: line, problem)
            return nil
        }
        guard value <= range.upperBound else {
            report(key, line: line, "\(show(value)) is longer than the maximum \(show(range.upperBound))")
            return nil
        }
        return value
    }

    /// `"16MiB"` or integer bytes, within `range` (see `ConfigLimits`).
    func byteSize(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let node = entry(key)?.node else { return nil }
        let bytes: Int
        switch node.value {
        case .string(let text):
            guard let value = ConfigByteSize.parse(text) else {
                let problem = ConfigByteSize.isWellFormed(text)
                    ? "\"\(text)\" is larger than the maximum \(ConfigByteSize.format(range.upperBound))"
                    : "invalid size \"\(Self.escaped(text))\" \(ConfigByteSize.hint)"
                report(key, line: node.position.line, problem)
                return nil
            }
            bytes = value
        case .integer(let value):
            bytes = value
        default:
            typeMismatch(key, node, expected: "a size such as \"16MiB\"")
            return nil
        }
        guard range.contains(bytes) else {
            let show = ConfigByteSize.format
            report(key, line: node.position.line, bytes < range.lowerBound
                ? "\(show(bytes)) is smaller than the minimum \(show(range.lowerBound))"
                : "\(show(bytes)) is larger than the maximum \(show(range.upperBound))")
            return nil
        }
        return bytes
    }

    // MARK: - Collections

    /// An array of strings, each with the line it was written on.
    func stringArray(_ key: String) -> [(text: String, line: Int)]? {
        guard let node = entry(key)?.node else { return nil }
        guard case .array(let elements) = node.value else {
            typeMismatch(key, node, expected: "an array of strings")
            return nil
        }
        var strings: [(text: String, line: Int)] = []
        for element in elements {
            guard case .string(let text) = element.value else {
                typeMismatch(key, element, expected: "a string in the array")
                return nil
            }
            guard !text.unicodeScalars.contains("\0") else {
                report(key, line: element.position.line, "an element contains a NUL character (\\u0000)")
                return nil
            }
            strings.append((text, element.position.line))
        }
        return strings
    }

    /// A table whose values are all strings (`env = { LANG = "C" }`).
    func stringTable(_ key: String) -> [String: String]? {
        guard let node = entry(key)?.node else { return nil }
        guard case .table(let table) = node.value else {
            typeMismatch(key, node, expected: "a table of strings")
            return nil
        }
        var result: [String: String] = [:]
        for item in table.entries {
            guard case .string(let text) = item.node.value else {
                typeMismatch("\(key).\(item.key)", item.node, expected: "a string")
                continue
            }
            guard !text.unicodeScalars.contains("\0") else {
                report("\(key).\(item.key)", line: item.node.position.line, "contains a NUL character (\\u0000)")
                continue
            }
            result[item.key] = text
        }
        return result
    }

    /// `text` with its control characters written as `\u{…}`, so a message stays on one line.
    static func escaped(_ text: String) -> String {
        var shown = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                shown += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// An http or https URL; anything else is reported. Control characters and spaces inside are
    /// refused rather than encoded: they are a slip, or an attempt to smuggle a header or a line.
    func httpURL(_ key: String) -> URL? {
        guard let text = nonEmptyString(key) else { return nil }
        let line = entry(key)?.node.position.line
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let bad = trimmed.unicodeScalars.first(where: { Self.isControl($0) || $0.properties.isWhitespace }) {
            report(key, line: line, "URL \"\(Self.escaped(trimmed))\" contains \(bad == " " ? "a space" : bad.codeLabel); "
                + "percent-encode it (a space is %20)")
            return nil
        }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased()
        else {
            report(key, line: line, "invalid URL \"\(text)\"")
            return nil
        }
        guard scheme == "http" || scheme == "https" else {
            report(key, line: line, "unsupported scheme '\(scheme)' in \"\(text)\" (only http and https)")
            return nil
        }
        guard let host = url.host(), !host.isEmpty else {
            report(key, line: line, "URL \"\(text)\" has no host")
            return nil
        }
        return url
    }
}
