import Foundation
import Testing
@testable import FeedNotifier

/// Counts how many bodies run at once and remembers the highest count.
private actor Gauge {
    private(set) var current = 0
    private(set) var highest = 0
    private(set) var finished = 0

    func enter() { current += 1; highest = max(highest, current) }
    func leave() { current -= 1; finished += 1 }
}

@Test func limiterNeverLetsMoreThanItsLimitRunAtOnce() async {
    let limiter = HookConcurrencyLimiter(limit: 2)
    let gauge = Gauge()
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<8 {
            group.addTask {
                await limiter.withPermit {
                    await gauge.enter()
                    try? await Task.sleep(for: .milliseconds(20))
                    await gauge.leave()
                }
            }
        }
    }
    #expect(await gauge.highest <= 2)
    #expect(await gauge.finished == 8)
    #expect(await limiter.running == 0)
}

@Test func limiterBoundsRealHookProcesses() async throws {
    let limiter = HookConcurrencyLimiter(limit: 3)
    let gauge = Gauge()
    let hook = ExecHook(argv: ["/bin/sh", "-c", "sleep 0.05"])
    let outcomes = await withTaskGroup(of: HookOutcome.self, returning: [HookOutcome].self) { group in
        for _ in 0..<9 {
            group.addTask {
                await limiter.withPermit {
                    await gauge.enter()
                    let outcome = await hook.run(payload: Data(), variables: [:])
                    await gauge.leave()
                    return outcome
                }
            }
        }
        return await group.reduce(into: []) { $0.append($1) }
    }
    #expect(outcomes == Array(repeating: .delivered, count: 9))
    #expect(await gauge.highest <= 3)
}

@Test func limiterOfZeroStillAllowsOneRun() async {
    let limiter = HookConcurrencyLimiter(limit: 0)
    #expect(limiter.limit == 1)
    #expect(await limiter.withPermit { 7 } == 7)
}
