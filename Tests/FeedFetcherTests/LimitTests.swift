import FeedFetcher
import Foundation
import Testing
import TestSupport

@Suite struct LimitTests {
    static let tenMegabytes = 10 << 20

    @Test func aStallingServerTimesOut() async throws {
        let server = try HTTPTestServer { _ in HTTPTestResponse.ok("late").stalling(30) }
        defer { server.stop() }
        let error = await fetchError(Fetcher(options: quickOptions(totalTimeout: 1)), FetchRequest(url: server.url("/feed")))
        guard case .timeout(let url, _)? = error else {
            Issue.record("expected timeout, got \(String(describing: error))")
            return
        }
        #expect(url == server.url("/feed"))
    }

    @Test func aSlowDripIsCutOffByTheLowSpeedLimit() async throws {
        let server = try HTTPTestServer { _ in
            var response = HTTPTestResponse.ok(Data(repeating: 0x41, count: 10_000))
            response.dripBytesPerSecond = 20
            return response
        }
        defer { server.stop() }
        var options = quickOptions(totalTimeout: 30)
        options.lowSpeedLimit = 1_000
        options.lowSpeedTime = 1
        let error = await fetchError(Fetcher(options: options), FetchRequest(url: server.url("/feed")))
        guard case .timeout(_, let detail)? = error else {
            Issue.record("expected timeout, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("slow"))
    }

    @Test func a100MegabyteBodyWithLengthIsTooLarge() async throws {
        let server = try HTTPTestServer { _ in
            var response = HTTPTestResponse(status: 200)
            response.repeatedBody = .init(byte: 0x20, count: 100 << 20)
            return response
        }
        defer { server.stop() }
        let fetcher = Fetcher(options: FetcherOptions(maxBodyBytes: Self.tenMegabytes))
        let error = await fetchError(fetcher, FetchRequest(url: server.url("/big")))
        #expect(error == .tooLarge(url: server.url("/big"), limit: Self.tenMegabytes))
    }

    @Test func a100MegabyteBodyWithoutLengthStopsAtTheLimit() async throws {
        let server = try HTTPTestServer { _ in
            var response = HTTPTestResponse(status: 200)
            response.repeatedBody = .init(byte: 0x20, count: 100 << 20)
            response.sendsContentLength = false
            return response
        }
        defer { server.stop() }
        let fetcher = Fetcher(options: FetcherOptions(maxBodyBytes: Self.tenMegabytes))
        let error = await fetchError(fetcher, FetchRequest(url: server.url("/big")))
        #expect(error == .tooLarge(url: server.url("/big"), limit: Self.tenMegabytes))
    }

    @Test func aGzipBombStopsAtTheLimitAfterDecoding() async throws {
        let bomb = try Compression.gzipBomb(zeroBytes: 256 << 20)
        #expect(bomb.count < Self.tenMegabytes / 10)
        let server = try HTTPTestServer { _ in
            HTTPTestResponse(status: 200, headers: ["Content-Encoding": "gzip"], body: bomb)
        }
        defer { server.stop() }
        let fetcher = Fetcher(options: FetcherOptions(maxBodyBytes: Self.tenMegabytes))
        let error = await fetchError(fetcher, FetchRequest(url: server.url("/bomb")))
        #expect(error == .tooLarge(url: server.url("/bomb"), limit: Self.tenMegabytes))
    }
}
