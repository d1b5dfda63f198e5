/// The receiver's answer as `feedd hooks log` shows it: one line, control characters escaped,
/// at most `maxCharacters`, so a chatty or hostile receiver cannot break or flood the table.
package enum OutboxResponse {
    static let maxCharacters = 200

    package static func oneLine(_ text: String) -> String {
        var line = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                line += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: line.unicodeScalars.append(scalar)
            }
        }
        return line.count > maxCharacters ? String(line.prefix(maxCharacters)) + "…" : line
    }
}
