import Foundation

/// Reads an `email` hook: the SMTP server URL, the addresses and the optional credentials.
enum EmailTargetConfig {
    /// The schemes libcurl speaks SMTP with: STARTTLS when offered, or TLS from the start.
    static let schemes = ["smtp", "smtps"]

    static func read(_ section: ConfigSection, configFolder: String, environment: [String: String]) -> HookTarget? {
        let server = serverURL(section)
        let from = HookTarget.required(section, "from", example: "from = \"feedd@example.org\"") { address(section, "from") }
        let to = HookTarget.required(section, "to", example: "to = [\"me@example.org\"]") { recipients(section) }
        let username = section.entry("username") == nil ? nil : section.singleLineString("username")
        let password = HookSecret.isGiven(section, key: "password")
            ? HookSecret.read(section, key: "password", configFolder: configFolder, environment: environment) : nil
        if password != nil && section.entry("username") == nil {
            section.report("password", line: section.entry("password")?.keyPosition.line
                           ?? section.entry("password_file")?.keyPosition.line, "is set but username is not")
        }
        guard let server, let from, let to else { return nil }
        return .email(server: server, from: from, to: to, username: username, password: password)
    }

    private static func serverURL(_ section: ConfigSection) -> URL? {
        guard let text = section.singleLineString("email") else { return nil }
        let line = section.entry("email")?.node.position.line
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme),
              let host = url.host(), !host.isEmpty else {
            section.report("email", line: line, "\"\(ConfigSection.escaped(text))\" is not an SMTP server URL "
                + "(smtp://host:587 for STARTTLS, smtps://host:465 for TLS)")
            return nil
        }
        if url.user != nil || url.password != nil {
            section.report("email", line: line, "put the credentials in username and password (or password_file), not in the URL")
            return nil
        }
        return url
    }

    /// `to = "a@example.org"` or `to = ["a@example.org", "b@example.org"]`.
    private static func recipients(_ section: ConfigSection) -> [String]? {
        if case .string? = section.entry("to")?.node.value { return address(section, "to").map { [$0] } }
        guard let listed = section.stringArray("to") else { return nil }
        guard !listed.isEmpty else {
            section.report("to", line: section.entry("to")?.node.position.line, "is empty, so no one would get the mail")
            return nil
        }
        let valid = listed.compactMap { item in isAddress(item.text) ? item.text : report(section, "to", item.line, item.text) }
        return valid.count == listed.count ? valid : nil
    }

    private static func address(_ section: ConfigSection, _ key: String) -> String? {
        guard let text = section.singleLineString(key) else { return nil }
        return isAddress(text) ? text : report(section, key, section.entry(key)?.node.position.line, text)
    }

    private static func report(_ section: ConfigSection, _ key: String, _ line: Int?, _ text: String) -> String? {
        section.report(key, line: line, "\"\(ConfigSection.escaped(text))\" is not a mail address (name@example.org)")
        return nil
    }

    /// A bare address: one `@` with text on both sides, no spaces, brackets, commas or control characters
    /// (it becomes a header and an SMTP command argument).
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && !text.unicodeScalars.contains { $0.properties.isWhitespace || "<>,;\"()\\".unicodeScalars.contains($0)
                || ConfigSection.isControl($0) }
    }
}
