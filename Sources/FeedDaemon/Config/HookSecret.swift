import Foundation

/// A hook's secret value (`secret`, `token`, `access_token`, `password`, a bot token): written
/// in the config as `KEY`, or read from the file `KEY_file` names (see `SecretFile`), so the
/// config itself can hold none. Not both.
enum HookSecret {
    /// The secret under `key` or `key_file`; `nil` (reported) when it is given twice, cannot be
    /// read, or holds a control character (it ends up in a request header or a URL).
    /// `singleLine` false allows control characters (a webhook's HMAC key never leaves the process).
    static func read(_ section: ConfigSection, key: String, configFolder: String,
                     environment: [String: String], singleLine: Bool = true) -> String? {
        let fileKey = key + "_file"
        guard let file = section.entry(fileKey) else {
            let inline = section.nonEmptyString(key)
            return singleLine ? checked(inline, section, key) : inline
        }
        if let inline = section.entry(key) {
            let later = inline.keyPosition > file.keyPosition ? inline : file
            let earlier = later.key == key ? file : inline
            section.report(later.key, line: later.keyPosition.line,
                           "a hook has \(key) or \(fileKey), not both ('\(earlier.key)' at line \(earlier.keyPosition.line))")
            return nil
        }
        guard let written = section.nonEmptyString(fileKey) else { return nil }
        switch SecretFile.path(written, configFolder: configFolder, environment: environment).flatMap(SecretFile.read) {
        case .success(let secret):
            return singleLine ? checked(secret, section, fileKey) : secret
        case .failure(let failure):
            section.report(fileKey, line: file.node.position.line, failure.message)
            return nil
        }
    }

    /// Whether `key` or `key_file` is given.
    static func isGiven(_ section: ConfigSection, key: String) -> Bool {
        section.entry(key) != nil || section.entry(key + "_file") != nil
    }

    private static func checked(_ secret: String?, _ section: ConfigSection, _ key: String) -> String? {
        guard let secret else { return nil }
        if let control = ConfigSection.firstControlCharacter(in: secret) {
            // The value itself is never shown: it is a secret.
            section.report(key, line: section.entry(key)?.node.position.line,
                           "contains the control character \(control.codeLabel); a secret is one line")
            return nil
        }
        return secret
    }
}
