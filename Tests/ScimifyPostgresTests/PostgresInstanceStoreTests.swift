import Foundation
import PostgresNIO
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Synchronization
import Testing

@testable import ScimifyPostgres

/// Instances and secrets on PostgreSQL: the key sealed with the master key every replica shares, the token
/// only hashed, and a token rotation or settings change announced to the other replicas when it commits.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresInstanceStoreTests {
    static func masterKey() -> String {
        ThrowawayPostgresDatabase.newMasterKey()
    }

    @Test func secretsAreSealedOrHashedAndNeedTheSameMasterKeyOnEveryReplica() async throws {
        let key = "sk-ant-admin01-SECRET-\(UUID().uuidString)"
        let master = Self.masterKey()
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { store in
                let instances = try PostgresInstanceStore(pool: store, environment: ["SCIMIFY_MASTER_KEY": master])
                let created = try await instances.addInstance(
                    name: "Acme Corp", apiBaseURL: "http://127.0.0.1:1", apiKey: key, mode: .enforce)
                #expect(created.instance.slug == "acme-corp")
                #expect(try await instances.apiKey(of: created.instance) == key)
                #expect(try await instances.instances().map(\.slug) == ["acme-corp"])
                let duplicate = await #expect(throws: StoreError.self) {
                    try await instances.addInstance(
                        name: "Acme Corp", apiBaseURL: "http://127.0.0.1:1", apiKey: "sk-other", mode: .enforce)
                }
                #expect(duplicate?.message.contains("already exists") == true)
                // Nothing readable in the table holds the key or the token.
                var stored = ""
                let rows = try await store.client.query(
                    "SELECT encode(key_sealed, 'escape') || encode(scim_token_hash, 'escape') || name FROM scimify_instance"
                )
                for try await text in rows.decode(String.self) { stored += text }
                #expect(!stored.isEmpty && !stored.contains(key) && !stored.contains(created.scimToken))
                // A replica with another master key says what is wrong, without the key.
                let wrong = try PostgresInstanceStore(
                    pool: store, environment: ["SCIMIFY_MASTER_KEY": Self.masterKey()])
                let refused = await #expect(throws: StoreError.self) { try await wrong.apiKey(of: created.instance) }
                #expect(refused?.message.contains("every replica on one database needs the same master key") == true)
                #expect(refused?.message.contains(key) == false)
                let missing = #expect(throws: StoreError.self) {
                    try PostgresInstanceStore(pool: store, environment: [:])
                }
                #expect(missing?.message.contains("SCIMIFY_MASTER_KEY") == true)
            }
        }
    }

    /// A rotation or a settings change committed through one replica reaches another replica's change feed
    /// (what `scimify serve` follows to drop its cached authentication; `ReplicaEndToEndTests` checks the
    /// refusal itself through two servers).
    @Test func rotationsAndSettingChangesReachTheOtherReplicasFeed() async throws {
        let master = Self.masterKey()
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { first in
                try await withPostgresTestPool(location) { second in
                    let environment = ["SCIMIFY_MASTER_KEY": master]
                    let atFirst = try PostgresInstanceStore(pool: first, environment: environment)
                    let created = try await atFirst.addInstance(
                        name: "Acme", apiBaseURL: "http://127.0.0.1:1", apiKey: "sk-test", mode: .enforce)
                    let heard = Shared<[StoreChange]>([])
                    let following = Task {
                        await PostgresChangeFeed(pool: second).follow { change in
                            heard.value.withLock { $0.append(change) }
                        }
                    }
                    defer { following.cancel() }
                    while !heard.value.withLock({ $0.contains(.resynchronize) }) {
                        try await Task.sleep(for: .milliseconds(10))
                    }
                    let started = ContinuousClock.now
                    let rotated = try await atFirst.rotateToken(of: created.instance)
                    try await atFirst.changeSetting(.mode(.dryRun), of: created.instance, actor: "cli:test", at: Date())
                    let id = created.instance.id
                    while !heard.value.withLock({ $0.contains(.instanceChanged(instanceID: id)) }),
                        started.duration(to: .now) < .seconds(15)
                    {
                        try await Task.sleep(for: .milliseconds(10))
                    }
                    // Only NOTIFY delivers these (the feed never polls), so the bound guards against a stall, not a
                    // slow path: a loaded 2-core machine building beside the tests took 2 to 4 s.
                    #expect(started.duration(to: .now) < .seconds(10))
                    #expect(
                        heard.value.withLock { $0 }
                            == [.resynchronize, .tokenRotated(instanceID: id), .instanceChanged(instanceID: id)])
                    let stored = try #require(try await atFirst.instanceForAuthentication(slug: "acme"))
                    #expect(SCIMTokenCheck.matches(rotated, hash: stored.tokenHash))
                }
            }
        }
    }
}
