import Testing
@testable import FeedDaemon

/// Arrays and inline tables are parsed by recursion: nesting is bounded, with an error instead of
/// a stack overflow, and so are the parts of dotted keys and table headers.

private func parseError(_ text: String) -> TOMLError? {
    do {
        _ = try TOMLDocument(text: text, file: "deep.toml")
        return nil
    } catch {
        return error
    }
}

private let limit = TOMLParser.maxNesting

@Test func arraysNestedThirtyThousandDeepAreAnErrorNotACrash() throws {
    let error = try #require(parseError("x = " + String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000)))
    #expect(error.message.contains("nest more than \(limit) levels"))
    #expect(error.position.line == 1)
}

@Test func inlineTablesNestedAHundredThousandDeepAreAnErrorNotACrash() throws {
    let text = "x = " + String(repeating: "{ a = ", count: 100_000) + "1" + String(repeating: " }", count: 100_000)
    let error = try #require(parseError(text))
    #expect(error.message.contains("nest more than \(limit) levels"))
}

@Test func unterminatedDeepArraysAreAnErrorNotACrash() {
    #expect(parseError("x = " + String(repeating: "[", count: 200_000)) != nil)
}

@Test func nestingUpToTheLimitIsAccepted() throws {
    let text = "x = " + String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
    #expect(parseError(text) == nil)
}

@Test func nestingOneBeyondTheLimitIsAnError() {
    let text = "x = " + String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
    #expect(parseError(text) != nil)
}

@Test func aDottedKeyOfAHundredThousandPartsIsAnError() throws {
    let text = (0..<100_000).map { "k\($0)" }.joined(separator: ".") + " = 1"
    let error = try #require(parseError(text))
    #expect(error.message.contains("dotted parts"))
}

@Test func aTableHeaderOfAHundredThousandPartsIsAnError() throws {
    let text = "[" + (0..<100_000).map { "k\($0)" }.joined(separator: ".") + "]\nx = 1"
    #expect(parseError(text) != nil)
}

@Test func dottedKeyPartsCountTowardsTheNestingOfTheirValue() throws {
    let key = (0..<60).map { "k\($0)" }.joined(separator: ".")
    let error = try #require(parseError("[\(key)]\n\(key) = 1"))
    #expect(error.position.line == 2)
    #expect(error.message.contains("nest more than \(limit) levels"))
}

@Test func deepNestingInAConfigIsAConfigErrorWithFileAndLine() throws {
    do {
        _ = try ConfigLoader.parse(text: "[daemon]\nx = " + String(repeating: "[", count: 50_000), path: "/etc/feedd/feedd.toml",
                                   environment: [:])
        Issue.record("no error")
    } catch {
        #expect(error.file == "/etc/feedd/feedd.toml")
        #expect(error.line == 2)
    }
}
