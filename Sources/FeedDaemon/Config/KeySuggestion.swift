/// "Did you mean …?" for misspelt keys and values such as `follow_coments`.
enum KeySuggestion {
    /// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        // A shortened word ("warn", "max_body") is a typo too, however many letters it lacks.
        if lowered.count >= 3, let completed = candidates.first(where: { $0.lowercased().hasPrefix(lowered) }) {
            return completed
        }
        let allowed = max(1, min(3, word.count / 3))
        // The distance is at least the difference in length: a candidate further off than
        // `allowed` in length cannot win, and a key of a million letters costs no quadratic table.
        let length = lowered.count
        let scored = candidates.filter { abs($0.count - length) <= allowed }
            .map { ($0, editDistance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= allowed ? best.0 : nil
    }

    /// `; did you mean 'x'?` or an empty string.
    static func hint(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}
