import Foundation

/// Secrets kept out of the config file: `secret_file = "webhook-secret"` names a file whose
/// content (trailing newlines trimmed) is the secret, so the config itself can stay readable by
/// everyone while the secret file is readable only by the service (or handed to it by systemd's
/// `LoadCredential=`).
///
/// Where the file is:
/// - `$CREDENTIALS_DIRECTORY/name`: in the folder systemd passes in that variable (an error
///   when it is not set);
/// - a bare name (no `/`): in `$CREDENTIALS_DIRECTORY` when it is set (the service), otherwise
///   next to the config file, so `feedd check-config` run by hand reads the file the credential
///   is loaded from;
/// - anything else: like every path of the config (absolute, `~/…`, or relative to its folder).
enum SecretFile {
    /// The variable systemd sets to the folder of the credentials of `LoadCredential=`.
    static let credentialsVariable = "CREDENTIALS_DIRECTORY"
    /// The largest secret file read, in bytes: a secret is a line, not a file system.
    static let maxBytes = 64 << 10

    /// Why a secret could not be read, as a message for the `secret_file` key.
    struct Failure: Error {
        var message: String
    }

    /// The absolute path `written` names.
    static func path(_ written: String, configFolder: String,
                     environment: [String: String]) -> Result<String, Failure> {
        let prefix = "$\(credentialsVariable)/"
        let credentials = environment[credentialsVariable].flatMap { $0.isEmpty ? nil : $0 }
        if written.hasPrefix(prefix) {
            guard let credentials else {
                return .failure(Failure(message: "\"\(written)\" names $\(credentialsVariable), which is not set "
                    + "(systemd sets it for a service with LoadCredential=)"))
            }
            return .success(DaemonConfig.resolve(String(written.dropFirst(prefix.count)), against: credentials))
        }
        if !written.contains("/"), written != "~", let credentials {
            return .success(DaemonConfig.resolve(written, against: credentials))
        }
        return .success(DaemonConfig.resolve(written, against: configFolder))
    }

    /// The secret in the file at `path`: its text without trailing line breaks.
    static func read(_ path: String) -> Result<String, Failure> {
        // O_NONBLOCK: a FIFO without a writer must not hang the config load.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(Failure(message: "cannot read \(path): \(describe(errno))")) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return .failure(Failure(message: "cannot read \(path): \(describe(errno))")) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            return .failure(Failure(message: "\(path) is not a regular file"))
        }
        var bytes = [UInt8](repeating: 0, count: maxBytes + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.read(fd, base + count, buffer.count - count)
            }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { return .failure(Failure(message: "cannot read \(path): \(describe(errno))")) }
            if got == 0 { break }
            count += got
        }
        guard count <= maxBytes else {
            return .failure(Failure(message: "\(path) is larger than \(ConfigByteSize.format(maxBytes)); a secret file holds one secret"))
        }
        guard let text = String(validating: bytes[..<count], as: UTF8.self) else {
            return .failure(Failure(message: "\(path) is not UTF-8 text"))
        }
        var scalars = text.unicodeScalars[...]
        while let last = scalars.last, last == "\n" || last == "\r" { scalars = scalars.dropLast() }
        let secret = String(scalars)
        guard !secret.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure(Failure(message: "\(path) is empty"))
        }
        guard !secret.unicodeScalars.contains("\0") else {
            return .failure(Failure(message: "\(path) contains a NUL character"))
        }
        return .success(secret)
    }

    /// `errno` in words, lower-case to sit inside a sentence.
    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let words = String(cString: text)
        return words.prefix(1).lowercased() + words.dropFirst()
    }
}
