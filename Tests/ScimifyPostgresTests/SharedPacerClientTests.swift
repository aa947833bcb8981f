import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

@testable import ScimifyPostgres

/// Two replicas' Admin API clients, each pacing through its own pool to the same organization's bucket in
/// PostgreSQL, send a burst against a simulator that allows 20 requests in any 2 seconds: none is refused.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct SharedPacerClientTests {
    @Test func twoReplicasClientsStayUnderTheOrganizationsLimitTogether() async throws {
        let limits = SimulatorTraffic.Limits(requestsPerWindow: 20, windowSeconds: 2)
        try await withSimulator(.init(seed: .empty, limits: limits)) { sim in
            try await PostgresTestDatabase.with { location in
                try await withPostgresTestPool(location) { first in
                    try await withPostgresTestPool(location) { second in
                        // burst + rate x window = 3 + 5 x 2 = 13 <= 20 in any 2 seconds, from both replicas (the
                        // margin absorbs late wake-ups on a loaded machine, which bunch requests together).
                        let clients = [first, second].map { store in
                            var configuration = AdminAPIClient.Configuration(
                                baseURL: sim.baseURL, retry: RetryPolicy(maxRetries: 0))
                            configuration.sharedPacer = SharedRequestPacer(
                                pool: store, organization: "org_shared", ratePerMinute: 300, burst: 3)
                            return AdminAPIClient(key: sim.adminKey, configuration: configuration)
                        }
                        let started = ContinuousClock.now
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            for index in 0..<23 {
                                group.addTask { _ = try await clients[index % 2].organization() }
                            }
                            try await group.waitForAll()
                        }
                        let elapsed = started.duration(to: .now)
                        let counts = await sim.simulator.traffic.requestCounts()
                        #expect(counts.filter { $0.key.hasSuffix(" 429") }.isEmpty, "\(counts)")
                        #expect(counts.values.reduce(0, +) >= 23)
                        // 20 requests beyond the burst at 5 a second, whichever replica sent them.
                        #expect(elapsed >= .milliseconds(3800), "\(elapsed)")
                    }
                }
            }
        }
    }
}
