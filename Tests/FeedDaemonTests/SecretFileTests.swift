import Foundation
import Testing
import TestSupport
@testable import FeedDaemon

/// `secret_file` keeps a webhook's secret out of the (world-readable) config: read at load,
/// trailing newline trimmed, found in `$CREDENTIALS_DIRECTORY` under systemd's `LoadCredential=`.

private func webhook(_ secretLines: String) -> String {
    "[[hook]]\nname = \"chat\"\nwebhook = \"https://hooks.example.org/x\"\n" + secretLines
}

private func secret(of config: Config) -> String? {
    guard case .webhook(_, let secret)? = config.hooks.first?.action else { return nil }
    return secret
}

private func load(_ text: String, in folder: TemporaryDirectory, environment: [String: String] = [:]) throws(ConfigError) -> Config {
    try ConfigLoader.parse(text: text, path: folder.path("feedd.toml"), environment: environment)
}

private func loadError(_ text: String, in folder: TemporaryDirectory, environment: [String: String] = [:]) -> ConfigError? {
    do {
        _ = try load(text, in: folder, environment: environment)
        return nil
    } catch {
        return error
    }
}

@Test func secretFileRelativeToTheConfigIsReadWithoutItsTrailingNewline() throws {
    let folder = try TemporaryDirectory()
    try "s3cret\n".write(toFile: folder.path("webhook-secret"), atomically: true, encoding: .utf8)
    let config = try load(webhook("secret_file = \"webhook-secret\""), in: folder)
    #expect(secret(of: config) == "s3cret")
}

@Test func secretFileWithWindowsLineEndingIsTrimmedToo() throws {
    let folder = try TemporaryDirectory()
    try "s3cret\r\n".write(toFile: folder.path("s"), atomically: true, encoding: .utf8)
    #expect(secret(of: try load(webhook("secret_file = \"s\""), in: folder)) == "s3cret")
}

@Test func bareSecretFileNameIsLookedUpInTheCredentialsDirectoryWhenSet() throws {
    let folder = try TemporaryDirectory(), credentials = try TemporaryDirectory()
    try "beside-config".write(toFile: folder.path("webhook"), atomically: true, encoding: .utf8)
    try "from-systemd".write(toFile: credentials.path("webhook"), atomically: true, encoding: .utf8)
    let config = try load(webhook("secret_file = \"webhook\""), in: folder,
                          environment: ["CREDENTIALS_DIRECTORY": credentials.url.path])
    #expect(secret(of: config) == "from-systemd")
}

@Test func credentialsDirectoryPrefixExpandsTheVariable() throws {
    let folder = try TemporaryDirectory(), credentials = try TemporaryDirectory()
    try "from-systemd\n".write(toFile: credentials.path("webhook"), atomically: true, encoding: .utf8)
    let config = try load(webhook("secret_file = \"$CREDENTIALS_DIRECTORY/webhook\""), in: folder,
                          environment: ["CREDENTIALS_DIRECTORY": credentials.url.path])
    #expect(secret(of: config) == "from-systemd")
}

@Test func credentialsDirectoryPrefixWithoutTheVariableIsAnError() throws {
    let folder = try TemporaryDirectory()
    let error = loadError(webhook("secret_file = \"$CREDENTIALS_DIRECTORY/webhook\""), in: folder)
    #expect(error?.line == 4)
    #expect(error?.key == "secret_file")
    #expect(error?.message.contains("not set") == true)
}

@Test func missingSecretFileIsAnErrorNamingLineKeyAndPath() throws {
    let folder = try TemporaryDirectory()
    let error = loadError(webhook("events = [\"new\"]\nsecret_file = \"nowhere\""), in: folder)
    #expect(error?.line == 5)
    #expect(error?.key == "secret_file")
    #expect(error?.message == "cannot read \(folder.path("nowhere")): no such file or directory")
}

@Test func secretFileThatIsAFolderIsAnError() throws {
    let folder = try TemporaryDirectory()
    let error = loadError(webhook("secret_file = \"/\""), in: folder)
    #expect(error?.message == "/ is not a regular file")
}

@Test func emptySecretFileIsAnError() throws {
    let folder = try TemporaryDirectory()
    try "\n".write(toFile: folder.path("s"), atomically: true, encoding: .utf8)
    #expect(loadError(webhook("secret_file = \"s\""), in: folder)?.message.hasSuffix("is empty") == true)
}

@Test func oversizedSecretFileIsAnError() throws {
    let folder = try TemporaryDirectory()
    try String(repeating: "x", count: SecretFile.maxBytes + 1).write(toFile: folder.path("s"), atomically: true, encoding: .utf8)
    #expect(loadError(webhook("secret_file = \"s\""), in: folder)?.message.contains("larger than") == true)
}

@Test func secretAndSecretFileTogetherAreAnError() throws {
    let folder = try TemporaryDirectory()
    try "x".write(toFile: folder.path("s"), atomically: true, encoding: .utf8)
    let error = loadError(webhook("secret = \"inline\"\nsecret_file = \"s\""), in: folder)
    #expect(error?.line == 5)
    #expect(error?.message == "a hook has secret or secret_file, not both ('secret' at line 4)")
}

@Test func secretFileOnAnExecHookIsAnError() throws {
    let folder = try TemporaryDirectory()
    let error = loadError("[[hook]]\nname = \"h\"\nexec = [\"/bin/true\"]\nsecret_file = \"s\"", in: folder)
    #expect(error?.key == "secret_file")
    #expect(error?.line == 4)
}

@Test func envFilesSetAHookVariableFromAFile() throws {
    let folder = try TemporaryDirectory()
    try "hunter2\n".write(toFile: folder.path("smtp-password"), atomically: true, encoding: .utf8)
    let config = try load("[[hook]]\nname = \"mail\"\nexec = [\"/bin/true\"]\nenv = { LANG = \"C\" }\n"
        + "env_files = { SMTP_PASSWORD = \"smtp-password\" }", in: folder)
    #expect(config.hooks.first?.env == ["LANG": "C", "SMTP_PASSWORD": "hunter2"])
}

@Test func envFilesWithAMissingFileIsAnErrorNamingTheVariable() throws {
    let folder = try TemporaryDirectory()
    let error = loadError("[[hook]]\nname = \"mail\"\nexec = [\"/bin/true\"]\nenv_files = { TOKEN = \"absent\" }", in: folder)
    #expect(error?.line == 4)
    #expect(error?.key == "env_files.TOKEN")
}

@Test func aVariableInEnvAndEnvFilesIsAnError() throws {
    let folder = try TemporaryDirectory()
    try "x".write(toFile: folder.path("t"), atomically: true, encoding: .utf8)
    let error = loadError("[[hook]]\nname = \"mail\"\nexec = [\"/bin/true\"]\nenv = { TOKEN = \"a\" }\nenv_files = { TOKEN = \"t\" }",
                          in: folder)
    #expect(error?.key == "env_files.TOKEN")
    #expect(error?.line == 5)
}
