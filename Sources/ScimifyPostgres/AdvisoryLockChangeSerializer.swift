import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// Serializes changes to one (instance, email) across every replica on the database: a session advisory lock
/// keyed by PostgreSQL's own 64-bit hash of the pair (stable across processes, unlike Swift's `Hasher`),
/// held on one pooled connection for the length of the change. No transaction stays open across Admin API
/// calls. Two keys that share a hash only wait for each other, which is safe. At most
/// ``PostgresPool/lockHolders`` changes of a replica hold a connection this way, so the pool always has
/// connections left for the changes' own work.
///
/// The lock is a lease: a replica that dies closes its connection and PostgreSQL releases the lock at once; a
/// replica that hangs (stopped, cut off with its socket open) loses it when its lock connection has been idle
/// for `lease` (`idle_session_timeout`), so a surviving replica finishes its unfinished change after the lease.
/// A change waits at most `lockWait` for another replica's change to the same person, then fails (the SCIM
/// caller gets 503 with `Retry-After`) rather than hanging.
public struct AdvisoryLockChangeSerializer: ChangeSerializer {
    let pool: PostgresPool
    let instanceID: Int64
    let lease: Duration
    let lockWait: Duration

    /// - Parameters:
    ///   - lease: the longest a change may hold the lock without a word on its connection; longer than any
    ///     change's Admin API calls with their retries and rate-limit waits (the CLI's longest is 2 minutes).
    ///   - lockWait: how long a change waits for the lock before it gives up.
    public init(
        pool: PostgresPool, instanceID: Int64, lease: Duration = .seconds(300), lockWait: Duration = .seconds(30)
    ) {
        self.pool = pool
        self.instanceID = instanceID
        self.lease = lease
        self.lockWait = lockWait
    }

    public func withExclusiveAccess<T: Sendable>(to key: String, _ body: @Sendable () async throws -> T)
        async throws -> T
    {
        let lockKey = "scimify-change:\(instanceID):\(key)"
        return try await pool.lockHolders.withSlot {
            try await locked(lockKey, body)
        }
    }

    private func locked<T: Sendable>(_ lockKey: String, _ body: @Sendable () async throws -> T) async throws -> T {
        let logger = pool.logger
        let (wait, lease) = (Self.milliseconds(lockWait), Self.milliseconds(lease))
        return try await pool.client.withConnection { connection in
            try await connection.run(
                """
                SELECT set_config('lock_timeout', \(wait), false), set_config('idle_session_timeout', \(lease), false)
                """, logger: logger)
            do {
                // `run` reads the answer: a lock wait that ran out is an error only to a reader of the rows.
                try await connection.run("SELECT pg_advisory_lock(hashtextextended(\(lockKey), 0))", logger: logger)
            } catch {
                await Self.reset(connection, logger)
                throw error
            }
            let result: T
            do {
                result = try await body()
            } catch {
                await unlock(lockKey, connection)
                throw error
            }
            // The change was made: a lost lock (the lease ended) is logged, never reported as a failure.
            await unlock(lockKey, connection)
            return result
        }
    }

    private func unlock(_ lockKey: String, _ connection: PostgresConnection) async {
        guard !connection.isClosed else {
            // The server ended the session (the lease ran out): the lock went with it.
            pool.logger.warning(
                "a change outlived its lock's lease; another replica may have started its own change meanwhile",
                metadata: ["instance": "\(instanceID)"])
            return
        }
        do {
            try await connection.run(
                "SELECT pg_advisory_unlock(hashtextextended(\(lockKey), 0))", logger: pool.logger)
        } catch {
            pool.logger.warning(
                "a change outlived its lock's lease; another replica may have started its own change meanwhile",
                metadata: ["instance": "\(instanceID)"])
        }
        await Self.reset(connection, pool.logger)
    }

    private static func reset(_ connection: PostgresConnection, _ logger: Logger) async {
        _ = try? await connection.query(
            "SELECT set_config('lock_timeout', '0', false), set_config('idle_session_timeout', '0', false)",
            logger: logger)
    }

    private static func milliseconds(_ duration: Duration) -> String {
        String(max(1, duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000))
    }
}
