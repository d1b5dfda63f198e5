extension DateParser {
    /// RFC 822/1123/2822 dates and what feeds make of them: `Tue, 05 Mar 2025 06:45:12 GMT`,
    /// `Tuesday, 5 March 2025 6:45 PM EST`, `05-Mar-25 06:45:12 +01:00`, `Mar 5, 2025 06:45:12 -0500`,
    /// `5. März 2025 06:45 MEZ`, and `asctime`'s `Wed Mar  5 06:45:12 2025` (also with a zone before the year).
    ///
    /// The fields are read as tokens in whatever order they come, since feeds disagree on the order;
    /// anything after the zone (or a `(` comment such as `(CET)`) is ignored.
    static func readRFC822(_ scanner: inout DateScanner) -> DateFields? {
        var reading = RFC822Reading()
        while reading.readToken(&scanner) {}
        return reading.result
    }
}

/// The state of one RFC 822 read: which fields have been seen so far.
private struct RFC822Reading {
    var day: Int?
    var month: Int?
    var year: Int?
    var hasTime = false
    var hasZone = false
    var hasMeridiem = false
    var tokenCount = 0
    var failed = false
    var fields = DateFields(year: 0, month: 0, day: 0)

    /// The date read, once every token has been; `nil` without a day, a month and a year.
    var result: DateFields? {
        guard !failed, let day, let month, let year else { return nil }
        var complete = fields
        complete.day = day
        complete.month = month
        complete.year = year
        return complete
    }

    /// Reads one token; false when the date is complete or unreadable (then `failed` is set).
    mutating func readToken(_ scanner: inout DateScanner) -> Bool {
        skipSeparators(&scanner)
        guard let b = scanner.current, b != UInt8(ascii: "(") else { return false }
        defer { tokenCount += 1 }
        if DateScanner.isDigit(b) { return readNumber(&scanner) }
        if b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { return readOffset(&scanner) }
        if DateScanner.isLetter(b) { return readWord(&scanner) }
        return stop()
    }

    /// Junk after a time is ignored; junk before it means this is not a date.
    private mutating func stop() -> Bool {
        if !hasTime { failed = true }
        return false
    }

    private mutating func fail() -> Bool {
        failed = true
        return false
    }

    /// White space, commas and dots separate fields; so does `-` before the time (`05-Mar-2025`),
    /// after which it is the sign of an offset.
    private func skipSeparators(_ scanner: inout DateScanner) {
        while true {
            scanner.skipSpaces()
            guard let b = scanner.current else { return }
            if b == UInt8(ascii: ",") || b == UInt8(ascii: ".") || (!hasTime && b == UInt8(ascii: "-")) {
                scanner.position += 1
            } else {
                return
            }
        }
    }

    private mutating func readNumber(_ scanner: inout DateScanner) -> Bool {
        guard let number = scanner.readNumber() else { return hasTime ? false : fail() }
        if !hasTime && scanner.current == UInt8(ascii: ":") {
            guard number.digits <= 2 else { return fail() }
            return readTime(hour: number.value, &scanner)
        }
        if hasTime {
            // asctime puts the year last: `Wed Mar  5 06:45:12 2025`.
            guard year == nil, number.digits == 4 else { return false }
            year = number.value
            return true
        }
        if number.digits >= 3 || day != nil {
            guard year == nil else { return fail() }
            year = DateFields.fullYear(number.value, digits: number.digits)
        } else {
            day = number.value
        }
        return true
    }

    private mutating func readTime(hour: Int, _ scanner: inout DateScanner) -> Bool {
        scanner.position += 1
        guard let minute = scanner.readDigits(2) else { return fail() }
        fields.hour = hour
        fields.minute = minute
        if scanner.consume(UInt8(ascii: ":")) {
            guard let second = scanner.readDigits(2) else { return fail() }
            fields.second = second
            if scanner.current == UInt8(ascii: "."), DateScanner.isDigit(scanner.byte(at: scanner.position + 1)) {
                scanner.position += 1
                fields.nanoseconds = scanner.readFraction() ?? 0
            }
        }
        hasTime = true
        return true
    }

    private mutating func readOffset(_ scanner: inout DateScanner) -> Bool {
        guard hasTime else { return fail() }
        guard !hasZone else { return false }
        guard let offset = scanner.readOffset() else { return fail() }
        fields.offsetSeconds = offset
        hasZone = true
        return true
    }

    private mutating func readWord(_ scanner: inout DateScanner) -> Bool {
        let word = scanner.readWord()
        guard word.count <= 24 else { return stop() }
        if !hasTime { return readDateWord(word, &scanner) }
        if !hasMeridiem, !hasZone, let pm = meridiem(word, scanner) {
            guard (1...12).contains(fields.hour) else { return fail() }
            fields.hour = fields.hour % 12 + (pm ? 12 : 0)
            hasMeridiem = true
            return true
        }
        guard !hasZone else { return false }
        fields.offsetSeconds = DateNames.zoneOffset(word, in: scanner)
        hasZone = true
        // `GMT+0100`, `UTC-05:00`: a named zone with an offset glued to it.
        if let b = scanner.current, b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
            guard let offset = scanner.readOffset() else { return fail() }
            fields.offsetSeconds += offset
        }
        return true
    }

    /// A month name or (as the first token only) a weekday name; any other word before the time fails.
    private mutating func readDateWord(_ word: Range<Int>, _ scanner: inout DateScanner) -> Bool {
        let isFirst = tokenCount == 0
        let weekday = isFirst && DateNames.isWeekday(word, in: scanner)
        // French `mar.,` is Tuesday, not March: a weekday is what a comma follows.
        let comma = UInt8(ascii: ",")
        let followedByComma = scanner.current == comma
            || (scanner.current == UInt8(ascii: ".") && scanner.byte(at: scanner.position + 1) == comma)
        if month == nil, let number = DateNames.month(word, in: scanner), !(weekday && followedByComma) {
            month = number
            return true
        }
        return weekday ? true : fail()
    }

    private func meridiem(_ word: Range<Int>, _ scanner: DateScanner) -> Bool? {
        if scanner.word(word, equals: DateNames.am) { return false }
        if scanner.word(word, equals: DateNames.pm) { return true }
        return nil
    }
}
