import Foundation
import TestSupport

/// A real SMTP server on 127.0.0.1: Python's aiosmtpd (`make pydeps`) running
/// Tests/Fixtures/smtp/receiver.py, which parses every mail it accepts the way a mail client
/// would and records it as JSON. Stopped (stdin closed, then its process id signalled if it
/// lingers) when the receiver is released.
final class SMTPReceiver {
    /// One accepted mail as the server parsed it.
    struct Mail {
        var json: [String: Any]
        var mailFrom: String? { json["mail_from"] as? String }
        var recipients: [String] { json["rcpt_tos"] as? [String] ?? [] }
        var subject: String? { json["subject"] as? String }
        var messageID: String? { json["message_id"] as? String }
        var contentType: String? { json["content_type"] as? String }
        var login: String? { json["login"] as? String }
        var isAllASCII: Bool { json["all_ascii"] as? Bool ?? false }
        /// The decoded parts, by content type.
        var parts: [String: String] {
            var parts: [String: String] = [:]
            for part in json["parts"] as? [[String: Any]] ?? [] {
                if let type = part["type"] as? String, let text = part["text"] as? String { parts[type] = text }
            }
            return parts
        }
    }

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    let folder: TemporaryDirectory
    let process: Process
    private let input = Pipe()
    let port: Int

    /// Starts the server; `user`/`password` require AUTH, `refuse` answers the first mails with 451.
    init(user: String? = nil, password: String? = nil, refuse: Int = 0) throws {
        folder = try TemporaryDirectory(prefix: "feedd-smtp")
        let process = Process()
        self.process = process
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/smtp/receiver.py").path,
                         folder.path("")]
        if let user, let password { arguments += ["--user", user, "--password", password] }
        arguments += ["--refuse", String(refuse)]
        process.arguments = arguments
        let input = self.input
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let portFile = folder.path("port")
        guard eventually(timeout: 20, { FileManager.default.fileExists(atPath: portFile) || !process.isRunning }),
              let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text) else {
            Self.stop(process, input)
            throw StartError(description: "the SMTP test server did not start (is aiosmtpd installed? make pydeps)")
        }
        self.port = port
    }

    deinit { Self.stop(process, input) }

    /// `smtp://127.0.0.1:PORT`.
    var url: String { "smtp://127.0.0.1:\(port)" }

    /// The mails accepted so far, in order.
    var mails: [Mail] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path(""))) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.path(name)),
                  let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
            return Mail(json: json)
        }
    }

    private static func stop(_ process: Process, _ input: Pipe) {
        try? input.fileHandleForWriting.close()
        if !eventually(timeout: 10, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }
}
