import Foundation

/// `feedd init`, and `feedd add` on a fresh account: writes the commented example config.
public enum ConfigInit {
    /// Writes `ExampleConfig.forInit` at `path`, creating its folder; refuses to overwrite a file.
    public static func write(to path: String) throws(ConfigError) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ConfigError(file: path, message: "already exists; not overwritten (edit it, or remove it first)")
        }
        try ConfigEditing.write(ExampleConfig.forInit, to: path)
    }
}
