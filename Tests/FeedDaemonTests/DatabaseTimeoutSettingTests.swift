@testable import FeedDaemon
import Foundation
import Testing

@Suite struct DatabaseTimeoutSettingTests {
    @Test func withoutTheVariableTheAnswerTimeoutIsAMinute() {
        #expect(DatabaseTimeoutSetting.seconds(environment: [:]) == 60)
    }

    @Test func aWholeNumberOfSecondsInRangeIsTaken() {
        #expect(DatabaseTimeoutSetting.seconds(environment: ["FEEDD_DATABASE_TIMEOUT_SECONDS": "3"]) == 3)
    }

    @Test(arguments: ["0", "3601", "-5", "2.5", "soon", ""])
    func anythingElseIsIgnored(_ text: String) {
        #expect(DatabaseTimeoutSetting.seconds(environment: ["FEEDD_DATABASE_TIMEOUT_SECONDS": text]) == 60)
    }
}
