extension String {
    /// The string without leading and trailing whitespace and newlines, or nil when nothing is left:
    /// the model keeps absent values as nil, never as empty strings.
    var trimmedOrNil: String? {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return nil }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}
