import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// Instances and their secrets in PostgreSQL: the Admin API key sealed (AES-GCM) with the master key every
/// replica shares (`SCIMIFY_MASTER_KEY`), the SCIM token kept only as its SHA-256. Rotating a token announces
/// it on the change feed in the same transaction, so every replica's `scimify serve` drops the old
/// one when the rotation commits.
public struct PostgresInstanceStore: Sendable {
    let pool: PostgresPool
    let secrets: SecretBox

    /// - Parameter environment: read for `SCIMIFY_MASTER_KEY`, which a shared database needs (a key file
    ///   beside one replica's data would not be beside the others').
    public init(pool: PostgresPool, environment: [String: String]) throws {
        guard let box = try SecretBox.fromEnvironment(environment) else {
            throw StoreError(
                "a PostgreSQL store needs SCIMIFY_MASTER_KEY (base64 of 32 bytes) or SCIMIFY_MASTER_KEY_FILE, the same "
                    + "key on every replica: generate one with `openssl rand -base64 32` and give it to each replica")
        }
        self.pool = pool
        secrets = box
    }

    /// Adds an instance with its Admin API key (sealed) and a new SCIM token (hashed; returned once).
    public func addInstance(
        name: String, slug: String? = nil, apiBaseURL: String, apiKey: String, mode: Instance.Mode, now: Date = Date(),
        audit: AuditEvent? = nil
    ) async throws -> CreatedInstance {
        let plan = try NewInstancePlan(name: name, slug: slug)
        let name = StoredText.storable(name)
        let sealed = try secrets.seal(apiKey)
        let logger = pool.logger
        let made: CreatedInstance? = try await pool.client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                INSERT INTO scimify_instance (slug, name, api_base_url, key_sealed, scim_token_hash, mode, created_at)
                VALUES (\(plan.slug), \(name), \(apiBaseURL), \(sealed), \(plan.tokenHash),
                    \(mode.rawValue), \(now.timeIntervalSince1970))
                ON CONFLICT (slug) DO NOTHING
                RETURNING id
                """, logger: logger)
            for try await id in rows.decode(Int64.self) {
                let made = plan.created(id: id, name: name, apiBaseURL: apiBaseURL, mode: mode, now: now)
                if let audit { try await PostgresAuditLog.insert(audit.about(made.instance), connection, logger) }
                return made
            }
            return nil
        }
        guard let made else { throw plan.duplicate }
        return made
    }

    /// Every instance, oldest first.
    public func instances() async throws -> [Instance] {
        try await read("SELECT \(unescaped: Self.columns) FROM scimify_instance ORDER BY id").map(\.instance)
    }

    /// The instance with this slug and its token hash, for authenticating a SCIM request.
    public func instanceForAuthentication(slug: String) async throws -> (instance: Instance, tokenHash: Data)? {
        try await read("SELECT \(unescaped: Self.columns) FROM scimify_instance WHERE slug = \(slug)").first
    }

    /// The instance's Admin API key, opened with the master key.
    public func apiKey(of instance: Instance) async throws -> String {
        let rows = try await pool.client.query(
            "SELECT key_sealed FROM scimify_instance WHERE id = \(instance.id)", logger: pool.logger)
        for try await sealed in rows.decode(Data.self) {
            do {
                return try secrets.open(sealed)
            } catch {
                throw StoreError(
                    "cannot decrypt the Admin API key of \(instance.slug): this replica's SCIMIFY_MASTER_KEY is not the "
                        + "one the key was stored with; every replica on one database needs the same master key")
            }
        }
        throw StoreError("the instance \(instance.slug) no longer exists")
    }

    /// Replaces the instance's SCIM token and tells every replica in the same transaction; returns the new one.
    public func rotateToken(of instance: Instance, audit: AuditEvent? = nil) async throws -> String {
        let token = SecretBox.newToken()
        let payload = StoreChange.tokenRotated(instanceID: instance.id).payload ?? ""
        try await pool.client.transaction(logger: pool.logger) { connection in
            try await connection.query(
                """
                UPDATE scimify_instance SET scim_token_hash = \(SecretBox.hash(token: token)) WHERE id = \(instance.id)
                """, logger: pool.logger)
            if let audit { try await PostgresAuditLog.insert(audit, connection, pool.logger) }
            try await connection.run(
                "SELECT pg_notify(\(PostgresChangeFeed.channel), \(payload))", logger: pool.logger)
        }
        return token
    }

    static let columns =
        "id, slug, name, api_base_url, mode, created_at, guard_max_removals, guard_window_minutes, header_color, "
        + "scim_token_hash, offboarding_keys"

    func read(_ query: PostgresQuery) async throws -> [(instance: Instance, tokenHash: Data)] {
        var found: [(instance: Instance, tokenHash: Data)] = []
        let rows = try await pool.client.query(query, logger: pool.logger)
        for try await (id, slug, name, url, mode, createdAt, maxRemovals, window, color, hash, keys) in rows.decode(
            (Int64, String, String, String, String, Double, Int, Int, String, Data, String).self)
        {
            let instance = Instance(
                id: id, slug: slug, name: name, apiBaseURL: url, mode: Instance.Mode(rawValue: mode) ?? .enforce,
                createdAt: Date(timeIntervalSince1970: createdAt),
                removalGuard: RemovalGuardPolicy(maxRemovals: maxRemovals, windowMinutes: window),
                headerColor: Instance.HeaderColor(rawValue: color) ?? .default,
                offboardingKeys: Instance.OffboardingKeyPolicy(rawValue: keys) ?? .report)
            found.append((instance, hash))
        }
        return found
    }
}
