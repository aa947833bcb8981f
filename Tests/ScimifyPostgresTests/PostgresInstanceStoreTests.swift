import Crypto
import Foundation
import PostgresNIO
import ScimifyCore
import ScimifyStore
import Testing

@testable import ScimifyPostgres

/// Instances and secrets on PostgreSQL: the key sealed with the master key every replica shares, the token
/// only hashed, and a token rotated through one replica refused by another as soon as the rotation commits.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresInstanceStoreTests {
    static func masterKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    @Test func secretsAreSealedOrHashedAndNeedTheSameMasterKeyOnEveryReplica() async throws {
        let key = "sk-ant-admin01-SECRET-\(UUID().uuidString)"
        let master = Self.masterKey()
        try await PostgresTestDatabase.with { location in
            try await withPostgresStore(location) { store in
                let instances = try PostgresInstanceStore(store: store, environment: ["SCIMIFY_MASTER_KEY": master])
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
                    store: store, environment: ["SCIMIFY_MASTER_KEY": Self.masterKey()])
                let refused = await #expect(throws: StoreError.self) { try await wrong.apiKey(of: created.instance) }
                #expect(refused?.message.contains("every replica on one database needs the same master key") == true)
                #expect(refused?.message.contains(key) == false)
                let missing = #expect(throws: StoreError.self) {
                    try PostgresInstanceStore(store: store, environment: [:])
                }
                #expect(missing?.message.contains("SCIMIFY_MASTER_KEY") == true)
            }
        }
    }

    @Test func aTokenRotatedThroughOneReplicaIsRefusedByAnotherAtOnce() async throws {
        let master = Self.masterKey()
        try await PostgresTestDatabase.with { location in
            try await withPostgresStore(location) { first in
                try await withPostgresStore(location) { second in
                    let environment = ["SCIMIFY_MASTER_KEY": master]
                    let atFirst = try PostgresInstanceStore(store: first, environment: environment)
                    let created = try await atFirst.addInstance(
                        name: "Acme", apiBaseURL: "http://127.0.0.1:1", apiKey: "sk-test", mode: .enforce)
                    // The second replica trusts a cached hash for an hour: only the feed can make it let go.
                    let verifier = PostgresTokenVerifier(
                        instances: try PostgresInstanceStore(store: second, environment: environment),
                        lifetime: .seconds(3600))
                    let following = Task { await verifier.followChanges(PostgresChangeFeed(store: second)) }
                    defer { following.cancel() }
                    // The follower's first event (resynchronize) empties the cache; let it pass before caching.
                    try await Task.sleep(for: .milliseconds(500))
                    #expect(
                        try await verifier.instance(slug: "acme", token: created.scimToken)?.id == created.instance.id)
                    #expect(try await verifier.instance(slug: "acme", token: created.scimToken + "x") == nil)
                    #expect(try await verifier.instance(slug: "other", token: created.scimToken) == nil)
                    let rotatedAt = ContinuousClock.now
                    let rotated = try await atFirst.rotateToken(of: created.instance)
                    var refusedAfter: Duration?
                    while rotatedAt.duration(to: .now) < .seconds(5) {
                        if try await verifier.instance(slug: "acme", token: created.scimToken) == nil {
                            refusedAfter = rotatedAt.duration(to: .now)
                            break
                        }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    let after = try #require(refusedAfter, "the old token was still accepted 5 s after the rotation")
                    #expect(after < .seconds(2))
                    #expect(try await verifier.instance(slug: "acme", token: rotated)?.id == created.instance.id)
                }
            }
        }
    }
}
