import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Synchronization
import Testing

/// A per-minute limiter answers `retry-after` past the retry budget right after a burst. A person's command
/// waits it out up to its cap (telling the observer each time); `serve`'s policy (no cap) fails at once so
/// the IdP gets 429 with `Retry-After`; a listing under the limit continues where it was.
@Suite(.timeLimit(.minutes(5))) struct RateLimitWaitTests {
    /// An 8 s window: three calls on a loaded machine still land inside it, so the third always waits.
    static let limited = AdminAPISimulator.Configuration(
        seed: .demo, limits: .init(requestsPerWindow: 2, windowSeconds: 8))
    static let tightBudget = RetryPolicy(maxRetries: 3, baseDelay: 0.01, maxDelay: 0.05, maxTotalTime: 1)

    @Test func aPersonsCommandWaitsOutTheLimitAndIsToldHowLong() async throws {
        try await withSimulator(Self.limited) { sim in
            var policy = Self.tightBudget
            policy.maxRateLimitWait = 30
            let waits = Mutex<[RateLimitWait]>([])
            var configuration = AdminAPIClient.Configuration(baseURL: sim.baseURL, retry: policy)
            configuration.onRateLimitWait = { wait in waits.withLock { $0.append(wait) } }
            let client = AdminAPIClient(key: sim.adminKey, configuration: configuration)
            for _ in 0..<3 { _ = try await client.organization() }
            let seen = waits.withLock { $0 }
            #expect(seen.count == 1)
            #expect(seen.first.map { $0.seconds >= 1 && $0.seconds <= 8 } == true, "\(seen)")
            #expect(seen.first?.requestID?.hasPrefix("req_") == true && seen.first?.endpoint == "GET /me")
        }
    }

    @Test func withoutACapTheLimitFailsAtOnceAsServeNeeds() async throws {
        // A 20 s window: waiting it out would take far longer than a loaded machine's slowest failure.
        try await withSimulator(.init(seed: .demo, limits: .init(requestsPerWindow: 2, windowSeconds: 20))) { sim in
            let client = sim.client(retry: Self.tightBudget)
            _ = try await client.organization()
            _ = try await client.organization()
            let started = ContinuousClock.now
            do {
                _ = try await client.organization()
                Issue.record("the third call inside the window succeeded")
            } catch let error as ProvisioningError {
                #expect(error.kind == .rateLimited && error.retryAfter.map { $0 >= 10 } == true, "\(error)")
                #expect(started.duration(to: .now) < .seconds(5), "it did not wait the retry-after out")
            }
        }
    }

    @Test func aWaitPastTheCapSaysSoAndNamesTheOption() async throws {
        try await withSimulator(.init(seed: .demo, limits: .init(requestsPerWindow: 1, windowSeconds: 30))) { sim in
            var policy = Self.tightBudget
            policy.maxRateLimitWait = 2
            let client = sim.client(retry: policy)
            _ = try await client.organization()
            do {
                _ = try await client.organization()
                Issue.record("no wait was needed")
            } catch let error as ProvisioningError {
                #expect(error.kind == .rateLimited)
                #expect(error.message.contains("past the 2 s this command may wait (--max-wait)"), "\(error.message)")
            }
        }
    }

    /// Refresh lists page by page; a 429 in the middle waits and asks for the same page again, never page one.
    @Test func aListingUnderTheLimitContinuesWhereItWas() async throws {
        try await withSimulator(
            .init(seed: .generated(members: 45, invites: 0), limits: .init(requestsPerWindow: 1, windowSeconds: 3))
        ) { sim in
            // One page per 3 s window: even a loaded machine asks for the next page inside the window.
            var policy = Self.tightBudget
            policy.maxRateLimitWait = 60
            let client = sim.client(retry: policy, pageSize: 10)
            let members = try await client.listAllMembers(progress: nil)
            #expect(members.count == 45 && Set(members.map(\.id)).count == 45)
            let counts = await sim.simulator.traffic.requestCounts()
            #expect(counts["GET /v1/organizations/users 200"] == 5, "one answer per page: \(counts)")
            #expect((counts["GET /v1/organizations/users 429"] ?? 0) > 0, "the limit was hit: \(counts)")
        }
    }
}
