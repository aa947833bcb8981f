import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyPostgres
import ScimifyRuntime
import ScimifyStorage
import ScimifyTestSupport

/// The figures of replicas on PostgreSQL (needs a server: `eval "$(scripts/postgres-cluster.sh start DIR)"`
/// exports `SCIMIFY_TEST_DATABASE_URL`; each run makes a database of its own and drops it):
/// 1. `GET /Users?filter=userName eq "..."` over 10,000 records on PostgreSQL against the same on SQLite;
/// 2. SCIM creates through two replicas (two pools, two SCIM servers, one shared pacer) against a simulator
///    limited to 600 requests a minute: the combined upstream rate against the limit, and the 429s.
///
/// Usage: `ReplicaBenchmark [requests] [creates]` (defaults 2800 and 400).
@main
struct ReplicaBenchmark {
    static func main() async throws {
        guard let server = ThrowawayPostgresDatabase.serverURL else {
            print("ReplicaBenchmark needs SCIMIFY_TEST_DATABASE_URL (scripts/postgres-cluster.sh start DIR prints it)")
            exit(2)
        }
        let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        try await filterOnPostgresAgainstSQLite(server: server, requests: numbers.first ?? 2800)
        try await createsThroughTwoReplicas(server: server, creates: numbers.dropFirst().first ?? 400)
    }

    static func filterOnPostgresAgainstSQLite(server: String, requests: Int) async throws {
        try await withSimulator(.init(seed: .generated(members: 10_000, invites: 0))) { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            _ = try await fixture.refresher(client: sim.client()).run(actor: "bench")
            try await withPostgresReplica(server: server, sim: sim) { store, instance, token in
                _ = try await InstanceRuntime(store: store, instance: instance, client: sim.client())
                    .refresher.run(actor: "bench")
                try await withSCIMServer(fixture) { sqlite in
                    try await withSCIMServer(store: store, settings: testClientSettings()) { port in
                        let postgres = RunningSCIMServer(port: port, slug: instance.slug, scimToken: token)
                        let rounds = 7
                        let perRound = max(requests / rounds, 100)
                        var ratios: [Double] = []
                        var rates: (postgres: [Double], sqlite: [Double]) = ([], [])
                        for round in 0..<(rounds + 1) {
                            // Alternating the two, in both orders: this VM's speed drifts between seconds.
                            let order = round.isMultiple(of: 2) ? [postgres, sqlite] : [sqlite, postgres]
                            var seconds: [Double] = []
                            for server in order {
                                seconds.append(
                                    try await BenchmarkSupport.timed(requests: perRound) { index in
                                        let name = "member\(1 + (index + round * perRound) % 9999)@generated.example"
                                        let reply = try await server.call(
                                            "GET", "/Users?filter=userName%20eq%20%22\(name)%22")
                                        precondition(
                                            reply.status == 200 && reply.text.hasSuffix("\"totalResults\":1}"),
                                            "\(reply.status) \(reply.text.prefix(200))")
                                    })
                            }
                            if round == 0 { continue }  // warms connections and caches
                            let (postgresTime, sqliteTime) =
                                round.isMultiple(of: 2) ? (seconds[0], seconds[1]) : (seconds[1], seconds[0])
                            rates.postgres.append(Double(perRound) / postgresTime)
                            rates.sqlite.append(Double(perRound) / sqliteTime)
                            ratios.append(sqliteTime / postgresTime)
                        }
                        print(
                            String(
                                format:
                                    "1. filter over 10,000 records: PostgreSQL %.0f req/s, SQLite %.0f req/s (medians of %d rounds of %d); ratio %.2f median of rounds, %.2f-%.2f (goal >= 0.3)",
                                BenchmarkSupport.median(rates.postgres), BenchmarkSupport.median(rates.sqlite), rounds,
                                perRound, BenchmarkSupport.median(ratios), ratios.min()!, ratios.max()!))
                    }
                }
            }
        }
    }

    static func createsThroughTwoReplicas(server: String, creates: Int) async throws {
        let limit = 600
        try await withSimulator(.init(seed: .empty, limits: .init(requestsPerWindow: limit, windowSeconds: 60))) {
            sim in
            let master = ThrowawayPostgresDatabase.newMasterKey()
            try await withPostgresReplica(server: server, sim: sim, master: master) { first, instance, token in
                // The second replica: a pool of its own on the same database.
                try await withPostgresTestPool(first.pool.location) { secondPool in
                    let second = try PostgresStore(
                        pool: secondPool, environment: ["SCIMIFY_MASTER_KEY": master])
                    try await withReplicaServer(first, limit: limit, instance) { portA in
                        try await withReplicaServer(second, limit: limit, instance) { portB in
                            let replicas = [portA, portB].map {
                                RunningSCIMServer(port: $0, slug: instance.slug, scimToken: token)
                            }
                            try await burst(creates, through: replicas, sim: sim, limit: limit)
                        }
                    }
                }
            }
        }
    }

    /// `creates` creates, ten at a time to each replica; prints the upstream rate against `limit`.
    static func burst(_ creates: Int, through replicas: [RunningSCIMServer], sim: RunningSimulator, limit: Int)
        async throws
    {
        let burst = try await BenchmarkSupport.createBurst(creates, through: replicas, sim: sim)
        let (statuses, seconds, throttled, rate) = (burst.statuses, burst.seconds, burst.throttled, burst.perMinute)
        print(
            String(
                format:
                    "2. %d creates through 2 replicas (10 at a time each): %d created, %d failed, %d upstream 429s, %.1f s, upstream rate %.0f/min = %.2f of the %d/min limit (goal >= 0.9, never over: 0 429s)",
                creates, statuses.filter { $0 == 201 }.count, statuses.filter { $0 != 201 }.count, throttled, seconds,
                rate, rate / Double(limit), limit))
    }

    /// A SCIM server on `store` whose clients take their turns from the organization's shared bucket.
    static func withReplicaServer(
        _ store: PostgresStore, limit: Int, _ instance: Instance, _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        var settings = testClientSettings()
        settings.sharedPacer = { instance in
            SharedRequestPacer(
                pool: store.pool, organization: "instance-\(instance.id)", ratePerMinute: Double(limit - 10),
                burst: 10)
        }
        try await withSCIMServer(store: store, settings: settings, body)
    }

    /// A throwaway database with a migrated store (its pool running) and one instance for `sim`.
    static func withPostgresReplica(
        server: String, sim: RunningSimulator, master: String = ThrowawayPostgresDatabase.newMasterKey(),
        _ body: @Sendable (PostgresStore, Instance, String) async throws -> Void
    ) async throws {
        try await ThrowawayPostgresDatabase.with(serverURL: server) { location in
            try await withPostgresTestPool(location) { pool in
                let store = try PostgresStore(pool: pool, environment: ["SCIMIFY_MASTER_KEY": master])
                let created = try await sim.adminKey.withSecret {
                    try await store.addInstance(
                        name: "Bench", slug: nil, apiBaseURL: sim.baseURL, apiKey: $0, mode: .enforce, now: Date())
                }
                try await body(store, created.instance, created.scimToken)
            }
        }
    }
}
