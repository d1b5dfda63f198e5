import Foundation

/// A value bound to a statement parameter, in the text form PostgreSQL reads for the column's type.
/// Values are always bound, never spliced into SQL.
protocol PostgresBindable {
    /// The parameter's text; nil is SQL NULL.
    var postgresText: String? { get }
}

extension String: PostgresBindable {
    /// PostgreSQL text cannot hold U+0000 (SQLite can): it becomes U+FFFD, on writes and on the
    /// lookups that compare with them alike, so matching stays consistent.
    var postgresText: String? { contains("\u{0}") ? replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : self }
}
extension Int64: PostgresBindable { var postgresText: String? { String(self) } }
extension Int: PostgresBindable { var postgresText: String? { String(self) } }
/// NaN is bound as NULL, as SQLite binds it, so a NaN date fails a NOT NULL column in both stores
/// instead of being stored as a date later than every other.
extension Double: PostgresBindable {
    var postgresText: String? {
        if isNaN { return nil }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return description
    }
}
/// Booleans are stored as integer 0/1, as in the SQLite store, so `feedd store copy` moves them unchanged.
extension Bool: PostgresBindable { var postgresText: String? { self ? "1" : "0" } }
/// Dates are double precision seconds since 1970, as the SQLite store keeps them.
extension Date: PostgresBindable { var postgresText: String? { timeIntervalSince1970.postgresText } }
extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    var postgresText: String? { self?.postgresText }
}

/// A list bound as one array parameter (`= ANY($1::bigint[])`), in PostgreSQL's array literal form.
struct PostgresArray: PostgresBindable {
    let postgresText: String?

    init(_ ids: [Int64]) {
        postgresText = "{" + ids.map(String.init).joined(separator: ",") + "}"
    }

    /// Every element double-quoted with `"` and `\` escaped, so no text can break out of its element.
    init(_ texts: [String]) {
        postgresText = "{" + texts.map { text in
            let safe = text.postgresText ?? ""
            return "\"" + safe.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }

    init(_ numbers: [Double]) {
        postgresText = "{" + numbers.map { $0.postgresText ?? "NULL" }.joined(separator: ",") + "}"
    }
}

/// One result row in text form, read by column index as the SQLite store's rows are.
struct PostgresRow {
    let values: [String?]

    func isNull(_ column: Int) -> Bool { values[column] == nil }
    func optionalText(_ column: Int) -> String? { values[column] }
    func text(_ column: Int) -> String { values[column] ?? "" }
    func optionalInt64(_ column: Int) -> Int64? { values[column].flatMap { Int64($0) } }
    func int64(_ column: Int) -> Int64 { optionalInt64(column) ?? 0 }
    func optionalInt(_ column: Int) -> Int? { values[column].flatMap { Int($0) } }
    func int(_ column: Int) -> Int { optionalInt(column) ?? 0 }
    func bool(_ column: Int) -> Bool { int64(column) != 0 }
    func optionalDouble(_ column: Int) -> Double? { values[column].flatMap(Self.double) }
    func double(_ column: Int) -> Double { optionalDouble(column) ?? 0 }
    func optionalDate(_ column: Int) -> Date? { optionalDouble(column).map(Date.init(timeIntervalSince1970:)) }
    func date(_ column: Int) -> Date { Date(timeIntervalSince1970: double(column)) }

    /// PostgreSQL's float text: shortest round-trip digits, or `NaN`, `Infinity`, `-Infinity`.
    private static func double(_ text: String) -> Double? {
        switch text {
        case "NaN": .nan
        case "Infinity": .infinity
        case "-Infinity": -.infinity
        default: Double(text)
        }
    }
}
