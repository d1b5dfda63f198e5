/// The words dates are written with: month names, weekday names and time zone abbreviations.
///
/// English is what the RFCs ask for; German and French month names appear in feeds whose CMS
/// formatted the date with the site's locale.
enum DateNames {
    struct Month: Sendable {
        let name: [UInt8]
        let number: Int
    }

    struct Zone: Sendable {
        let name: [UInt8]
        let offsetSeconds: Int
    }

    /// Full names; any prefix of three or more bytes matches (`Sep`, `Sept`, `Dez`, `févr`).
    static let months: [Month] = {
        let english = ["january", "february", "march", "april", "may", "june", "july", "august",
                       "september", "october", "november", "december"]
        let german = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
                      "september", "oktober", "november", "dezember"]
        let french = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                      "septembre", "octobre", "novembre", "décembre"]
        var table: [Month] = []
        for names in [english, german, french] {
            for (index, name) in names.enumerated() { table.append(Month(name: Array(name.utf8), number: index + 1)) }
        }
        return table
    }()

    /// Spellings that are not a prefix of a full name.
    static let monthAbbreviations: [Month] = [Month(name: Array("mrz".utf8), number: 3),
                                              Month(name: Array("jän".utf8), number: 1)]

    /// Full names; any prefix of two or more bytes matches (`Tues`, `Thurs`, `Do`, `Mi`).
    static let weekdays: [[UInt8]] = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ].map { Array($0.utf8) }

    /// Zone abbreviations seen in feeds. `CST` is the US one (RFC 822), `IST` the Indian one
    /// (far more common in feeds than Irish or Israeli time).
    static let zones: [Zone] = [
        ("ut", 0), ("utc", 0), ("gmt", 0), ("z", 0), ("wet", 0), ("west", 60),
        ("bst", 60), ("cet", 60), ("cest", 120), ("mez", 60), ("mesz", 120),
        ("eet", 120), ("eest", 180), ("msk", 180), ("ist", 330),
        ("est", -300), ("edt", -240), ("cst", -360), ("cdt", -300),
        ("mst", -420), ("mdt", -360), ("pst", -480), ("pdt", -420),
        ("akst", -540), ("akdt", -480), ("hst", -600), ("ast", -240), ("adt", -180),
        ("nzst", 720), ("nzdt", 780), ("jst", 540), ("kst", 540), ("hkt", 480), ("sgt", 480),
        ("awst", 480), ("acst", 570), ("acdt", 630), ("aest", 600), ("aedt", 660),
    ].map { Zone(name: Array($0.0.utf8), offsetSeconds: $0.1 * 60) }

    static let am: [UInt8] = Array("am".utf8)
    static let pm: [UInt8] = Array("pm".utf8)

    /// The month a word names, or `nil` when it names none or several (`jui`: juin or juillet?).
    static func month(_ word: Range<Int>, in scanner: DateScanner) -> Int? {
        guard word.count >= 3 else { return nil }
        var found: Int?
        for month in months where scanner.word(word, isPrefixOf: month.name) {
            if let found, found != month.number { return nil }
            found = month.number
        }
        if found == nil {
            for month in monthAbbreviations where scanner.word(word, equals: month.name) { found = month.number }
        }
        return found
    }

    static func isWeekday(_ word: Range<Int>, in scanner: DateScanner) -> Bool {
        word.count >= 2 && weekdays.contains { scanner.word(word, isPrefixOf: $0) }
    }

    /// Seconds east of UTC for a zone abbreviation.
    ///
    /// RFC 2822 §4.3: military single letters other than `Z` had their signs reversed in RFC 822, so
    /// they, like any unknown zone name, are read as UTC.
    static func zoneOffset(_ word: Range<Int>, in scanner: DateScanner) -> Int {
        zones.first { scanner.word(word, equals: $0.name) }?.offsetSeconds ?? 0
    }
}
