import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Synchronization
import Testing

@testable import ScimifyPostgres

/// What several replicas share through one PostgreSQL database, each replica a store (a pool) of its own:
/// migrations applied once, changes to one person serialized, one rate limit per organization. Against a
/// real server (`SCIMIFY_TEST_DATABASE_URL`; skipped without it).
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresReplicaPrimitivesTests {
    @Test func twoReplicasMigratingTogetherApplyEachMigrationOnce() async throws {
        try await PostgresTestDatabase.with { location in
            async let first = withPostgresTestPool(location) { try await $0.appliedMigrations() }
            async let second = withPostgresTestPool(location) { try await $0.appliedMigrations() }
            let (a, b) = try await (first, second)
            #expect(a == PostgresMigrations.names)
            #expect(b == PostgresMigrations.names)
            let again = try await withPostgresTestPool(location) { try await $0.appliedMigrations() }
            #expect(again == PostgresMigrations.names)
        }
    }

    /// Changes to one email from two replicas never overlap; changes to different emails do run together.
    @Test func changesToOnePersonAreSerializedAcrossReplicas() async throws {
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { first in
                try await withPostgresTestPool(location) { second in
                    let serializers = [
                        AdvisoryLockChangeSerializer(pool: first, instanceID: 1),
                        AdvisoryLockChangeSerializer(pool: second, instanceID: 1),
                    ]
                    let running = Shared((now: [String: Int](), most: [String: Int]()))
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for index in 0..<16 {
                            let key = index % 4 == 0 ? "b@example.com" : "a@example.com"
                            group.addTask {
                                try await serializers[index % 2].withExclusiveAccess(to: key) {
                                    running.value.withLock { state in
                                        for counted in [key, "anyone"] {
                                            state.now[counted, default: 0] += 1
                                            state.most[counted] = max(
                                                state.most[counted, default: 0], state.now[counted]!)
                                        }
                                    }
                                    try await Task.sleep(for: .milliseconds(20))
                                    running.value.withLock { state in
                                        for counted in [key, "anyone"] { state.now[counted, default: 0] -= 1 }
                                    }
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                    let most = running.value.withLock { $0.most }
                    #expect(most["a@example.com"] == 1, "two changes to one person ran at once")
                    #expect(most["b@example.com"] == 1)
                    // Whether two of the sixteen overlapped is up to the scheduler; holding one person's
                    // lock while the other replica takes another person's lock is not.
                    let nested = try await serializers[0].withExclusiveAccess(to: "b@example.com") {
                        try await serializers[1].withExclusiveAccess(to: "a@example.com") { "both held" }
                    }
                    #expect(nested == "both held", "a change to one person blocked a change to another")
                }
            }
        }
    }

    @Test func aFailedChangeReleasesItsLock() async throws {
        struct Refused: Error {}
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { store in
                let serializer = AdvisoryLockChangeSerializer(pool: store, instanceID: 7)
                await #expect(throws: Refused.self) {
                    try await serializer.withExclusiveAccess(to: "a@example.com") { () async throws -> Int in
                        throw Refused()
                    }
                }
                let started = ContinuousClock.now
                let value = try await serializer.withExclusiveAccess(to: "a@example.com") { 42 }
                #expect(value == 42)
                #expect(started.duration(to: .now) < .seconds(2))
            }
        }
    }

    /// A replica that hangs in the middle of a change (its socket open, nothing said) loses the person's lock
    /// after its lease, and another replica's change goes ahead; a change never waits longer than `lockWait`.
    @Test func aHungReplicasLockEndsWithItsLeaseAndWaitsAreBounded() async throws {
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { first in
                try await withPostgresTestPool(location) { second in
                    // A 3 s lease: the impatient wait below must start inside it even on a loaded machine (with
                    // 1 s, a late start found the lease already over and the lock free).
                    let hung = AdvisoryLockChangeSerializer(pool: first, instanceID: 9, lease: .seconds(3))
                    let survivor = AdvisoryLockChangeSerializer(pool: second, instanceID: 9)
                    let impatient = AdvisoryLockChangeSerializer(
                        pool: second, instanceID: 9, lockWait: .milliseconds(300))
                    let started = Shared(false)
                    let stuck = Task {
                        try await hung.withExclusiveAccess(to: "a@example.com") {
                            started.value.withLock { $0 = true }
                            try await Task.sleep(for: .seconds(9))
                            return "the hung change ends without an error"
                        }
                    }
                    while !started.value.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
                    let waited = try await BenchmarkSupport.time {
                        await #expect(throws: (any Error).self) {
                            try await impatient.withExclusiveAccess(to: "a@example.com") { 0 }
                        }
                    }
                    #expect(waited < 2, "gave up after \(waited) s")
                    let taken = try await BenchmarkSupport.time {
                        _ = try await survivor.withExclusiveAccess(to: "a@example.com") { 1 }
                    }
                    #expect(taken < 6, "the survivor waited \(taken) s for a hung replica's lock")
                    #expect(try await stuck.value == "the hung change ends without an error")
                }
            }
        }
    }

    /// More changes at once than the pool has connections, each needing a connection for its own work while it
    /// holds its lock: all finish (with every pooled connection held by a lock, none could record).
    @Test func moreChangesThanPooledConnectionsAllFinish() async throws {
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { store in
                let serializer = AdvisoryLockChangeSerializer(pool: store, instanceID: 3)
                let audit = PostgresAuditLog(pool: store)
                let finished = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<(PostgresPool.poolSize * 2) {
                        group.addTask {
                            try await serializer.withExclusiveAccess(to: "p\(index)@example.com") {
                                try await Task.sleep(for: .milliseconds(100))
                                _ = try await audit.changeCounter()
                                return 1
                            }
                        }
                    }
                    group.addTask {
                        // A deadlock never ends; a loaded CI run (two cores, serve processes and PostgreSQL
                        // beside) once took over 20 s to get through 2 x poolSize changes of 100 ms, so the bound
                        // is 90 s (here it takes 0.6 s).
                        struct Deadlocked: Error {}
                        do { try await Task.sleep(for: .seconds(90)) } catch { return 0 }
                        throw Deadlocked()
                    }
                    var count = 0
                    for try await one in group {
                        count += one
                        if count == PostgresPool.poolSize * 2 { group.cancelAll() }
                    }
                    return count
                }
                #expect(finished == PostgresPool.poolSize * 2)
            }
        }
    }

    /// Two replicas pacing one organization at 1,200 a minute with a burst of 4: together they never exceed
    /// burst + rate in any second, whichever replica asks.
    @Test func twoReplicasShareOneRateLimit() async throws {
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { first in
                try await withPostgresTestPool(location) { second in
                    let pacers = [first, second].map {
                        SharedRequestPacer(pool: $0, organization: "org_test", ratePerMinute: 1200, burst: 4)
                    }
                    let clock = ContinuousClock()
                    let origin = clock.now
                    let sent = Shared([Double]())
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for index in 0..<44 {
                            group.addTask {
                                try await pacers[index % 2].acquire()
                                let at = origin.duration(to: clock.now)
                                sent.value.withLock {
                                    $0.append(Double(at.components.seconds) + Double(at.components.attoseconds) / 1e18)
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                    let times = sent.value.withLock { $0 }.sorted()
                    #expect(times.count == 44)
                    // 40 tokens beyond the burst at 20 a second: at least 2 s, whatever the replicas did.
                    #expect(times.last! >= 1.9, "44 requests in \(times.last!) s")
                    for (index, start) in times.enumerated() {
                        let inWindow = times[index...].prefix { $0 < start + 1 }.count
                        // burst + rate, and 3 for wake-ups that a loaded machine delays into the next second.
                        #expect(inWindow <= 4 + 20 + 3, "\(inWindow) requests within one second from \(start)")
                    }
                }
            }
        }
    }
}
