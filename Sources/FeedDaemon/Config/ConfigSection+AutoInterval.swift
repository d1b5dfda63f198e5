extension ConfigSection {
    /// The word that asks for an interval that follows the feed's publishing rate.
    static let autoInterval = "auto"

    /// True when `key` is the string `"auto"` (any case) rather than a duration.
    func isAutoInterval(_ key: String) -> Bool {
        guard case .string(let text)? = entry(key)?.node.value else { return false }
        return text.lowercased() == Self.autoInterval
    }
}
