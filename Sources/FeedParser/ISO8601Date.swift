extension DateParser {
    /// RFC 3339, ISO 8601 (extended and basic) and W3C-DTF with reduced precision:
    /// `2025`, `2025-03`, `2025-03-05`, `2025-03-05T06:45Z`, `2025-03-05 06:45:12.123456+01:00`,
    /// `20250305T064512Z`. A missing zone is UTC; `t` and `z` may be lower case.
    static func readISO8601(_ scanner: inout DateScanner) -> DateFields? {
        guard let year = scanner.readDigits(4) else { return nil }
        var fields = DateFields(year: year, month: 1, day: 1)
        if scanner.atEnd { return fields }
        let extended = scanner.consume(UInt8(ascii: "-"))
        guard let month = extended ? scanner.readNumberUpTo2() : scanner.readDigits(2) else { return nil }
        fields.month = month
        if scanner.atEnd { return extended ? fields : nil }
        if extended { guard scanner.consume(UInt8(ascii: "-")) else { return nil } }
        guard let day = extended ? scanner.readNumberUpTo2() : scanner.readDigits(2) else { return nil }
        fields.day = day
        if scanner.atEnd { return fields }

        guard let separator = scanner.current,
              separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
        else { return nil }
        scanner.position += 1
        scanner.skipSpaces()
        guard readISOTime(&scanner, into: &fields, extended: extended) else { return nil }
        guard readISOZone(&scanner, into: &fields) else { return nil }
        scanner.skipSpaces()
        // A comment such as "(CET)" may follow; anything else is not a date we understand.
        return scanner.atEnd || scanner.current == UInt8(ascii: "(") ? fields : nil
    }

    private static func readISOTime(_ scanner: inout DateScanner, into fields: inout DateFields, extended: Bool) -> Bool {
        let colon = UInt8(ascii: ":")
        guard let hour = extended ? scanner.readNumberUpTo2() : scanner.readDigits(2) else { return false }
        if extended { guard scanner.consume(colon) else { return false } }
        guard let minute = scanner.readDigits(2) else { return false }
        fields.hour = hour
        fields.minute = minute
        let hasSeconds = extended ? scanner.consume(colon) : DateScanner.isDigit(scanner.current)
        guard hasSeconds else { return true }
        guard let second = scanner.readDigits(2) else { return false }
        fields.second = second
        if scanner.consume(UInt8(ascii: ".")) || scanner.consume(UInt8(ascii: ",")) {
            guard let nanos = scanner.readFraction() else { return false }
            fields.nanoseconds = nanos
        }
        return true
    }

    /// `Z`, a numeric offset, or (after a space, as some CMSs write it) a zone name; none means UTC.
    private static func readISOZone(_ scanner: inout DateScanner, into fields: inout DateFields) -> Bool {
        scanner.skipSpaces()
        guard let b = scanner.current else { return true }
        if b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
            guard let offset = scanner.readOffset() else { return false }
            fields.offsetSeconds = offset
        } else if DateScanner.isLetter(b) {
            let word = scanner.readWord()
            guard let zone = DateNames.zones.first(where: { scanner.word(word, equals: $0.name) }) else { return false }
            fields.offsetSeconds = zone.offsetSeconds
            if let b = scanner.current, b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
                guard let offset = scanner.readOffset() else { return false }
                fields.offsetSeconds += offset
            }
        }
        return true
    }
}

extension DateScanner {
    /// One or two digits (`2025-3-5` is sloppy but unambiguous).
    mutating func readNumberUpTo2() -> Int? {
        let start = position
        guard let number = readNumber(), number.digits <= 2 else {
            position = start
            return nil
        }
        return number.value
    }
}
