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
        if case .string(let text) = node.value { found += " (\"\(text)\")" }
        report(key, line: node.position.line, "expected \(expected), found \(found)")
    }

    // MARK: - Scalars

    func string(_ key: String) -> String? {
        guard let node = entry(key)?.node else { return nil }
        guard case .string(let text) = node.value else {
            typeMismatch(key, node, expected: "a string")
            return nil
        }
        return text
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

    /// `"15m"`, `"1h30m"` or integer seconds; `positive` rejects zero.
    func duration(_ key: String, positive: Bool = true) -> Duration? {
        guard let node = entry(key)?.node else { return nil }
        let parsed: Duration?
        switch node.value {
        case .string(let text):
            guard let value = ConfigDuration.parse(text) else {
                report(key, line: node.position.line, "invalid duration \"\(text)\" \(ConfigDuration.hint)")
                return nil
            }
            parsed = value
        case .integer(let seconds) where seconds >= 0:
            parsed = .seconds(seconds)
        default:
            typeMismatch(key, node, expected: "a duration such as \"15m\"")
            return nil
        }
        if positive, parsed == .zero {
            report(key, line: node.position.line, "must be longer than 0s")
            return nil
        }
        return parsed
    }

    /// `"16MiB"` or integer bytes.
    func byteSize(_ key: String) -> Int? {
        guard let node = entry(key)?.node else { return nil }
        switch node.value {
        case .string(let text):
            guard let bytes = ConfigByteSize.parse(text), bytes > 0 else {
                report(key, line: node.position.line, "invalid size \"\(text)\" \(ConfigByteSize.hint)")
                return nil
            }
            return bytes
        case .integer(let bytes) where bytes > 0:
            return bytes
        default:
            typeMismatch(key, node, expected: "a size such as \"16MiB\"")
            return nil
        }
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
            result[item.key] = text
        }
        return result
    }

    /// An http or https URL; anything else is reported.
    func httpURL(_ key: String) -> URL? {
        guard let text = nonEmptyString(key) else { return nil }
        let line = entry(key)?.node.position.line
        guard let url = URL(string: text.trimmingCharacters(in: .whitespaces)), let scheme = url.scheme?.lowercased()
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
