import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import InMemoryLogging
import Logging
import ScimifyCore
import ScimifyTestSupport
import Testing

@Suite(.timeLimit(.minutes(5))) struct AdminAPIClientRetryTests {
    @Test func rateLimitedRequestWaitsForRetryAfterThenSucceeds() async throws {
        try await withSimulator(.init(limits: .init(requestsPerWindow: 1, windowSeconds: 2))) { sim in
            let statistics = ClientStatistics()
            let client = sim.client(
                retry: RetryPolicy(maxRetries: 3, baseDelay: 0.01, maxDelay: 0.05, maxTotalTime: 10),
                statistics: statistics
            )
            let started = ContinuousClock.now
            // Until the limit is hit once (a loaded machine may spread three calls over two windows).
            for _ in 0..<8 where statistics.calls["GET /me 429"] == nil { _ = try await client.organization() }
            let elapsed = started.duration(to: .now)
            #expect(statistics.calls["GET /me 429"] == 1)
            #expect(statistics.retries["GET /me"] == 1)
            #expect(elapsed >= .milliseconds(900))  // retry-after: 1 was honoured, not the 10 ms backoff
        }
    }

    @Test func transientServerErrorsAndDroppedConnectionsAreRetried() async throws {
        try await withSimulator { sim in
            await sim.simulator.traffic.setFaults(.init(seed: 7, error500: 0.2, error529: 0.1, drop: 0.1))
            let statistics = ClientStatistics()
            let client = sim.client(
                retry: RetryPolicy(maxRetries: 8, baseDelay: 0.001, maxDelay: 0.01, maxTotalTime: 30),
                pageSize: 5,
                statistics: statistics
            )
            let members = try await client.listAllMembers(progress: nil)
            #expect(members.count == 41)
            let invite = try await client.createInvite(email: "flaky@x.example", role: .developer)
            #expect(invite.value.role == .developer)
            #expect(statistics.retries.values.reduce(0, +) > 0)
        }
    }

    @Test func persistentFailureIsSurfacedWithTheLastRequestID() async throws {
        try await withSimulator { sim in
            await sim.simulator.traffic.setFaults(.init(error529: 1))
            let client = sim.client(retry: RetryPolicy(maxRetries: 2, baseDelay: 0.001, maxDelay: 0.01))
            do {
                _ = try await client.organization()
                Issue.record("succeeded against a dead upstream")
            } catch let error as ProvisioningError {
                #expect(error.kind == .unavailable)
                #expect(error.httpStatus == 529)
                #expect(error.requestID == "req_011Sim0000000000000003")
                #expect(error.message.contains("gave up after 3 attempts"))
                #expect(error.retryAfter != nil)
            }
            #expect(await sim.simulator.traffic.requestCounts()["GET /v1/organizations/me 529"] == 3)
        }
    }

    @Test func clientErrorsAreNotRetried() async throws {
        try await withSimulator { sim in
            let client = sim.client()
            _ = try? await client.member(id: "user_missing")
            #expect(await sim.simulator.traffic.requestCounts()["GET /v1/organizations/users/{id} 404"] == 1)
        }
    }

    @Test func pacerKeepsABurstUnderTheServerLimit() async throws {
        try await withSimulator(.init(limits: .init(requestsPerWindow: 20, windowSeconds: 3))) { sim in
            // 25 requests at once would meet the limit of 20 in 3 s. Paced, at most 2 + 12 leave in any 3 s: the
            // margin absorbs requests that a loaded machine (the PostgreSQL end-to-end tests run beside this)
            // delays after the pacer and that then arrive together.
            let client = sim.client(retry: .none, pacing: TokenBucket(ratePerMinute: 240, burst: 2))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<25 { group.addTask { _ = try await client.organization() } }
                try await group.waitForAll()
            }
            let counts = await sim.simulator.traffic.requestCounts()
            #expect(counts["GET /v1/organizations/me 200"] == 25)
            #expect(counts["GET /v1/organizations/me 429"] == nil)
        }
    }

    @Test func theKeyNeverAppearsInLogsErrorsOrDescriptions() async throws {
        let secret = "sk-ant-admin01-TOPSECRET-abcdef"
        try await withSimulator(.init(adminKeys: [secret])) { sim in
            let logs = InMemoryLogHandler()
            var logger = Logger(label: "test") { _ in logs }
            logger.logLevel = .trace
            await sim.simulator.traffic.setFaults(.init(error500: 1))
            let key = try #require(AdminAPIKey(secret + "\n"))
            let client = AdminAPIClient(
                key: key,
                configuration: .init(baseURL: sim.baseURL, retry: RetryPolicy(maxRetries: 1, baseDelay: 0.001)),
                logger: logger
            )
            var texts = ["\(key)", String(reflecting: key), String(describing: client), String(reflecting: client)]
            do { _ = try await client.organization() } catch { texts.append("\(error)") }
            texts += logs.entries.map { "\($0.message) \($0.metadata)" }
            #expect(logs.entries.count >= 2)
            for text in texts { #expect(!text.contains("TOPSECRET"), "leaked in: \(text)") }
        }
    }
}
