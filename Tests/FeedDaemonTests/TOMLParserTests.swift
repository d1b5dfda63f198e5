import Testing
@testable import FeedDaemon

private func parse(_ text: String) throws -> TOMLTable {
    try TOMLDocument(text: text, file: "t.toml").root
}

private func parseError(_ text: String) -> TOMLError? {
    do {
        _ = try TOMLDocument(text: text, file: "t.toml")
        return nil
    } catch {
        return error
    }
}

private func value(_ table: TOMLTable, _ path: String...) -> TOMLValue? {
    var current = table
    for key in path.dropLast() {
        guard case .table(let next)? = current[key]?.node.value else { return nil }
        current = next
    }
    return current[path[path.count - 1]]?.node.value
}

// MARK: - Grammar

@Test func commentsAndBlankLinesAreIgnoredAndPositionsAreKept() throws {
    let root = try parse("# a comment\n\n  key = \"v\" # trailing\n")
    let entry = try #require(root["key"])
    #expect(entry.node.value == .string("v"))
    #expect(entry.keyPosition == TOMLPosition(line: 3, column: 3))
    #expect(entry.node.position == TOMLPosition(line: 3, column: 9))
}

@Test func bareQuotedAndDottedKeysBuildNestedTables() throws {
    let root = try parse("""
    bare-key_1 = 1
    "quoted key" = 2
    'literal.key' = 3
    site."google.com".visible = true
    a . b = 4
    """)
    #expect(value(root, "bare-key_1") == .integer(1))
    #expect(value(root, "quoted key") == .integer(2))
    #expect(value(root, "literal.key") == .integer(3))
    #expect(value(root, "site", "google.com", "visible") == .boolean(true))
    #expect(value(root, "a", "b") == .integer(4))
}

@Test func tableHeadersOpenNestedTables() throws {
    let root = try parse("""
    [daemon]
    interval = "15m"

    [x.y.z]
    w = 1
    [x]
    v = 2
    """)
    #expect(value(root, "daemon", "interval") == .string("15m"))
    #expect(value(root, "x", "y", "z", "w") == .integer(1))
    #expect(value(root, "x", "v") == .integer(2))
    #expect(root["daemon"]?.keyPosition.line == 1)
}

@Test func arraysOfTablesAppendAndSubTablesBelongToTheLastElement() throws {
    let root = try parse("""
    [[feed]]
    url = "a"
    [[feed]]
    url = "b"
    [feed.extra]
    x = 1
    """)
    guard case .array(let feeds)? = value(root, "feed") else {
        Issue.record("feed is not an array")
        return
    }
    #expect(feeds.count == 2)
    #expect(feeds.map(\.position.line) == [1, 3])
    guard case .table(let second) = feeds[1].value else { return }
    #expect(value(second, "url") == .string("b"))
    #expect(value(second, "extra", "x") == .integer(1))
}

@Test func basicStringsDecodeEveryEscape() throws {
    let root = try parse(#"s = "tab\t nl\n quote\" back\\ bs\b ff\f cr\r \u00E9 \U0001F600""#)
    #expect(value(root, "s") == .string("tab\t nl\n quote\" back\\ bs\u{08} ff\u{0C} cr\r é 😀"))
}

@Test func literalStringsKeepBackslashes() throws {
    let root = try parse(#"path = 'C:\Users\nodejs\templates'"#)
    #expect(value(root, "path") == .string(#"C:\Users\nodejs\templates"#))
}

@Test func multilineBasicStringsTrimTheFirstNewlineAndLineEndingBackslashes() throws {
    let root = try parse("s = \"\"\"\nRoses are red\nViolets \\\n     are blue\"\"\"\nq = \"\"\"two \"quotes\" \"\"\"\"\n")
    #expect(value(root, "s") == .string("Roses are red\nViolets are blue"))
    #expect(value(root, "q") == .string("two \"quotes\" \""))
}

@Test func multilineLiteralStringsKeepTheirText() throws {
    let root = try parse("re = '''\nI [dw]on't need \\d{2} apples\n'''\n")
    #expect(value(root, "re") == .string("I [dw]on't need \\d{2} apples\n"))
}

@Test func integersInEveryBase() throws {
    let root = try parse("""
    a = +99
    b = -17
    c = 1_000_000
    d = 0xDEAD_beef
    e = 0o755
    f = 0b1101
    g = 0
    """)
    #expect(value(root, "a") == .integer(99))
    #expect(value(root, "b") == .integer(-17))
    #expect(value(root, "c") == .integer(1_000_000))
    #expect(value(root, "d") == .integer(0xDEADBEEF))
    #expect(value(root, "e") == .integer(0o755))
    #expect(value(root, "f") == .integer(13))
    #expect(value(root, "g") == .integer(0))
}

@Test func floatsWithFractionsExponentsAndSpecialValues() throws {
    let root = try parse("a = 3.14\nb = -0.01\nc = 5e+22\nd = 6.626e-34\ne = inf\nf = -inf\ng = nan\nh = 1_000.5")
    #expect(value(root, "a") == .float(3.14))
    #expect(value(root, "b") == .float(-0.01))
    #expect(value(root, "c") == .float(5e+22))
    #expect(value(root, "d") == .float(6.626e-34))
    #expect(value(root, "e") == .float(.infinity))
    #expect(value(root, "f") == .float(-.infinity))
    #expect(value(root, "h") == .float(1000.5))
    guard case .float(let nan)? = value(root, "g") else {
        Issue.record("nan is not a float")
        return
    }
    #expect(nan.isNaN)
}

@Test func booleans() throws {
    let root = try parse("yes = true\nno = false")
    #expect(value(root, "yes") == .boolean(true))
    #expect(value(root, "no") == .boolean(false))
}

@Test func arraysSpanLinesWithCommentsAndATrailingComma() throws {
    let root = try parse("""
    tags = [
      "news", # first
      # between
      "ki",
    ]
    nested = [[1, 2], ["a"]]
    empty = []
    """)
    guard case .array(let tags)? = value(root, "tags") else {
        Issue.record("tags is not an array")
        return
    }
    #expect(tags.map(\.value) == [.string("news"), .string("ki")])
    #expect(tags.map(\.position.line) == [2, 4])
    guard case .array(let nested)? = value(root, "nested") else { return }
    #expect(nested.count == 2)
    #expect(value(root, "empty") == .array([]))
}

@Test func inlineTablesHoldDottedKeys() throws {
    let root = try parse(#"env = { LANG = "C", a.b = 1, "x y" = "z" }"#)
    #expect(value(root, "env", "LANG") == .string("C"))
    #expect(value(root, "env", "a", "b") == .integer(1))
    #expect(value(root, "env", "x y") == .string("z"))
}

@Test func datetimesAreKeptAsText() throws {
    let root = try parse("a = 1979-05-27T07:32:00Z\nb = 1979-05-27 07:32:00.5-07:00\nc = 1979-05-27\nd = 07:32:00")
    #expect(value(root, "a") == .datetime("1979-05-27T07:32:00Z"))
    #expect(value(root, "b") == .datetime("1979-05-27 07:32:00.5-07:00"))
    #expect(value(root, "c") == .datetime("1979-05-27"))
    #expect(value(root, "d") == .datetime("07:32:00"))
}

@Test func windowsLineEndingsAreNewlines() throws {
    let root = try parse("a = 1\r\n# c\r\nb = \"\"\"x\r\ny\"\"\"\r\n")
    #expect(value(root, "a") == .integer(1))
    #expect(value(root, "b") == .string("x\ny"))
    #expect(root["b"]?.keyPosition.line == 3)
}

// MARK: - Errors, each with its line

@Test func errorMessageNamesFileLineAndColumn() {
    let error = parseError("a = 1\nb = ?")
    #expect(error?.description == "config: t.toml:2:5: expected a value, found '?'")
}

@Test func duplicateKeyNamesBothLines() {
    let error = parseError("name = \"a\"\nx = 1\nname = \"b\"")
    #expect(error?.position.line == 3)
    #expect(error?.message == "duplicate key 'name' (first defined at line 1)")
}

@Test func tableDefinedTwiceNamesBothLines() {
    let error = parseError("[daemon]\na = 1\n\n[daemon]\nb = 2")
    #expect(error?.position.line == 4)
    #expect(error?.message == "table [daemon] is defined twice (first at line 1)")
}

@Test func tableFromDottedKeysCannotBeReopenedByAHeader() {
    let error = parseError("[fruit]\napple.color = \"red\"\n[fruit.apple]")
    #expect(error?.position.line == 3)
    #expect(error?.message.contains("already defined by dotted keys at line 2") == true)
}

@Test func arrayOfTablesCannotFollowATableOfTheSameName() {
    let error = parseError("[feed]\nurl = \"x\"\n[[feed]]")
    #expect(error?.position.line == 3)
    #expect(error?.message == "[[feed]] conflicts with the table [feed] defined at line 1")
}

@Test func inlineTableCannotBeExtendedByAHeader() {
    let error = parseError("env = { A = \"1\" }\n[env]\nB = \"2\"")
    #expect(error?.position.line == 2)
    #expect(error?.message.contains("inline table at line 1") == true)
}

@Test func dottedKeyCannotAddToAValue() {
    let error = parseError("a = 1\na.b = 2")
    #expect(error?.position.line == 2)
    #expect(error?.message.contains("'a' is already defined at line 1") == true)
}

@Test func unterminatedStringPointsAtItsOpeningQuote() {
    let error = parseError("a = 1\nname = \"boltwise\nb = 2")
    #expect(error?.position == TOMLPosition(line: 2, column: 8))
    #expect(error?.message.hasPrefix("unterminated string") == true)
}

@Test func unterminatedMultilineStringNamesItsLine() {
    let error = parseError("a = \"\"\"\nnever closed\n")
    #expect(error?.position.line == 1)
    #expect(error?.message == "unterminated multi-line string (opened at line 1)")
}

@Test func invalidEscapeIsRejected() {
    let error = parseError("\n\npath = \"C:\\Data\"")
    #expect(error?.position == TOMLPosition(line: 3, column: 11))
    #expect(error?.message.hasPrefix("invalid escape sequence '\\D'") == true)
}

@Test func leadingZerosAndStrayUnderscoresAreInvalidNumbers() {
    #expect(parseError("a = 012")?.message == "invalid number '012'")
    #expect(parseError("a = 1__0")?.message == "invalid number '1__0'")
    #expect(parseError("a = 1_")?.message == "invalid number '1_'")
    #expect(parseError("a = 1.")?.message == "invalid number '1.'")
}

@Test func integerOverflowIsReported() {
    #expect(parseError("a = 9223372036854775808")?.message == "integer '9223372036854775808' does not fit in 64 bits")
}

@Test func unquotedStringValueSuggestsQuotes() {
    let error = parseError("name = boltwise")
    #expect(error?.message == "expected a value, found 'boltwise' (strings must be quoted: \"…\")")
}

@Test func missingValueIsReported() {
    let error = parseError("interval =\n")
    #expect(error?.position == TOMLPosition(line: 1, column: 11))
    #expect(error?.message == "expected a value, found the end of the line")
}

@Test func textAfterAValueIsRejected() {
    let error = parseError("a = 1 2")
    #expect(error?.message == "expected the end of the line after the value, found '2'")
}

@Test func missingEqualsSignIsReported() {
    #expect(parseError("key \"v\"")?.message == "expected '=' after key 'key', found '\"v\"'")
}

@Test func inlineTableMustStayOnOneLine() {
    let error = parseError("env = { A = \"1\",\n B = \"2\" }")
    #expect(error?.position.line == 1)
    #expect(error?.message.hasPrefix("an inline table must be on one line") == true)
}

@Test func inlineTableRejectsATrailingComma() {
    #expect(parseError("env = { A = \"1\", }")?.message == "a trailing comma is not allowed in an inline table")
}

@Test func unterminatedArrayNamesTheLineItOpened() {
    let error = parseError("tags = [\n \"a\",\n")
    #expect(error?.position.line == 1)
    #expect(error?.message == "unterminated array (opened at line 1)")
}

@Test func invalidDatetimeIsReported() {
    #expect(parseError("d = 1979-13-01")?.message == "invalid datetime '1979-13-01'")
}

@Test func datetimeShapesAndRangesAreChecked() {
    for bad in ["d = 1979-05-32", "d = 1979-00-10", "d = 1979-05-27T24:00:00", "d = 1979-05-27T07:60:00",
                "d = 1979-05-27T07:32:61", "d = 1979-05-27T07:32", "d = 1979-05-27T07:32:00.", "d = 1979-05-27X",
                "d = 1979-05-27T07:32:00+07", "d = 1979-05-27T07:32:00Zz", "d = 25:00:00", "d = 07:32"] {
        #expect(parseError(bad)?.message.hasPrefix("invalid datetime") == true, "\(bad)")
    }
    for good in ["1979-05-27t07:32:00z", "1979-05-27T23:59:60.999999+14:00", "00:00:00.5"] {
        #expect((try? parse("d = \(good)")).flatMap { value($0, "d") } == .datetime(good), "\(good)")
    }
}

@Test func numbersThatAreNotDatetimesStayNumbers() throws {
    let root = try parse("a = 1979\nb = 12_345\nd = 1_0.5e1_0")
    #expect(value(root, "a") == .integer(1979))
    #expect(value(root, "b") == .integer(12_345))
    #expect(value(root, "d") == .float(10.5e10))
    #expect(parseError("c = 1__0")?.message == "invalid number '1__0'")
    #expect(parseError("c = 0x_1")?.message == "invalid number '0x_1'")
}

@Test func unclosedTableHeaderIsReported() {
    #expect(parseError("[[feed]\nurl = 1")?.message == "expected ']]' to close the table header, found the end of the line")
}

@Test func shortUnicodeEscapeIsRejected() {
    #expect(parseError(#"s = "\u00""#)?.message == "invalid unicode escape: expected 4 hexadecimal digits")
}

@Test func controlCharacterInACommentIsRejected() {
    #expect(parseError("# bell \u{07}\n")?.message == "control character U+0007 is not allowed in a comment")
}

// MARK: - Robustness

/// A small deterministic generator so the mutation test is the same on every run.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state ^ (state >> 33)
    }
}

@Test func mutatedConfigsGiveAnErrorOrATableNeverACrash() throws {
    let seed = """
    [daemon]
    interval = "15m" # c
    a.b = [1, 2.5, "x", 'y', { k = true }, 1979-05-27T07:32:00Z]
    [[feed]]
    url = \"\"\"multi
    line\\n\"\"\"
    t = '''lit'''
    n = 0x_ff
    """
    let alphabet = Array("[]{}\"'=.,#\n\\ abc019_-+:eExo\u{07}\r\t".unicodeScalars)
    var generator = SeededGenerator(state: 42)
    for _ in 0..<3000 {
        var scalars = Array(seed.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let at = Int.random(in: 0..<scalars.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: scalars.remove(at: at)
            case 1: scalars.insert(alphabet.randomElement(using: &generator)!, at: at)
            default: scalars[at] = alphabet.randomElement(using: &generator)!
            }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        if let error = parseError(text) {
            #expect(error.position.line >= 1 && error.position.line <= text.count + 1)
        }
        _ = try? ConfigLoader.parse(text: text, path: "fuzz.toml")
    }
}
