import CLibXML2

/// Resolution of relative references (RFC 3986 §5) with libxml2's `xmlBuildURI`.
enum URLResolver {
    /// `reference` made absolute against `base`; nil when `reference` is empty. When the two cannot
    /// be combined (a malformed reference), the trimmed reference is kept as the feed wrote it.
    static func resolve(_ reference: String?, against base: String?) -> String? {
        guard let reference = reference?.trimmedOrNil else { return nil }
        guard let base, !base.isEmpty else { return reference }
        guard let built = xmlBuildURI(reference, base) else { return reference }
        defer { clibxml2_free(built) }
        return String(cString: built)
    }
}
