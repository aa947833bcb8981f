import Logging
import PostgresNIO
import ScimifyCore

/// Serializes changes to one (instance, email) across every replica on the database: a session advisory lock
/// keyed by PostgreSQL's own 64-bit hash of the pair (stable across processes, unlike Swift's `Hasher`),
/// held on one pooled connection for the length of the change. No transaction stays open across Admin API
/// calls; if a replica dies, its connection closes and PostgreSQL releases the lock. Two keys that share a
/// hash only wait for each other, which is safe. At most ``PostgresStore/lockHolders`` changes of a replica
/// hold a connection this way, so the pool always has connections left for the changes' own work.
public struct AdvisoryLockChangeSerializer: ChangeSerializer {
    let store: PostgresStore
    let instanceID: Int64

    public init(store: PostgresStore, instanceID: Int64) {
        self.store = store
        self.instanceID = instanceID
    }

    public func withExclusiveAccess<T: Sendable>(to key: String, _ body: @Sendable () async throws -> T)
        async throws -> T
    {
        let lockKey = "scimify-change:\(instanceID):\(key)"
        let logger = store.logger
        return try await store.lockHolders.withSlot {
            try await locked(lockKey, logger: logger, body)
        }
    }

    private func locked<T: Sendable>(_ lockKey: String, logger: Logger, _ body: @Sendable () async throws -> T)
        async throws -> T
    {
        try await store.client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(hashtextextended(\(lockKey), 0))", logger: logger)
            let result: T
            do {
                result = try await body()
            } catch {
                _ = try? await connection.query(
                    "SELECT pg_advisory_unlock(hashtextextended(\(lockKey), 0))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(hashtextextended(\(lockKey), 0))", logger: logger)
            return result
        }
    }
}
