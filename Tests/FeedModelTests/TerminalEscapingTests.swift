import Testing
import FeedModel

/// `escapedForTerminal`: what a terminal or a line-based log would act on is shown, not passed on.
@Suite struct TerminalEscapingTests {
    static let cases: [(String, String)] = [
        ("plain Grüße 日本語 🚀 \\ path\\to", "plain Grüße 日本語 🚀 \\ path\\to"),
        ("a\nb", "a\\nb"), ("a\r\nb", "a\\r\\nb"), ("a\tb", "a\\tb"),
        ("\u{1B}]0;title\u{07}", "\\x1b]0;title\\x07"), ("\u{1B}[2J", "\\x1b[2J"),
        ("nul\u{0}", "nul\\x00"), ("del\u{7F}", "del\\x7f"),
        ("\u{9B}31m", "\\u{9b}31m"), ("next\u{85}line", "next\\u{85}line"),
        ("\u{202E}txt.exe", "\\u{202e}txt.exe"), ("\u{2066}\u{2069}", "\\u{2066}\\u{2069}"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}", "\\u{202a}\\u{202b}\\u{202c}\\u{202d}"),
        ("sep\u{2028}\u{2029}", "sep\\u{2028}\\u{2029}"),
        ("zero\u{200B}width joiner\u{200D}", "zero\u{200B}width joiner\u{200D}"),
    ]

    @Test(arguments: cases.indices)
    func controlCharactersBecomeVisibleEscapes(_ index: Int) {
        let (input, expected) = Self.cases[index]
        #expect(input.escapedForTerminal == expected)
    }

    @Test func escapedTextHasNoCharacterThatNeedsEscaping() {
        let everything = String(String.UnicodeScalarView((0...0x3000).compactMap(Unicode.Scalar.init)))
        #expect(!everything.escapedForTerminal.unicodeScalars.contains(where: TerminalEscaping.needsEscape))
        #expect(!everything.escapedForTerminal.contains("\n"))
    }

    @Test func jsonStringsEscapeEveryControlCharacterAndTheSeparators() {
        let text = String(String.UnicodeScalarView((0...0x3000).compactMap(Unicode.Scalar.init)))
        let json = JSONValue.string(text).serialized()
        #expect(!json.unicodeScalars.contains(where: TerminalEscaping.needsEscape))
        #expect(json.contains("\\u001b") && json.contains("\\u009b") && json.contains("\\u2028") && json.contains("\\u202e"))
    }
}
