extension String {
    /// The string without leading and trailing whitespace and newlines, or nil when nothing is left:
    /// the model keeps absent values as nil, never as empty strings.
    var trimmedOrNil: String? {
        // Most strings start and end with a visible ASCII character: nothing to trim, nothing to scan.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isFeedWhitespace }) else { return nil }
        let last = scalars.lastIndex(where: { !$0.isFeedWhitespace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// Unicode whitespace, answered without a property lookup for ASCII (nearly every call).
    @inline(__always)
    var isFeedWhitespace: Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return properties.isWhitespace
    }
}
