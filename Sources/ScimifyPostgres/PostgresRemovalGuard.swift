import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// The mass-removal guard of one instance on PostgreSQL: the window is the organization's, not a replica's.
/// A removal slot is taken in one transaction under the instance's transaction-scoped advisory lock, so
/// replicas admitting removals at the same moment never both take the last slot; past the policy's limit the
/// removal is held instead (one held row per person).
public struct PostgresRemovalGuard: RemovalGuard {
    let pool: PostgresPool
    let instanceID: Int64

    public init(pool: PostgresPool, instanceID: Int64) {
        self.pool = pool
        self.instanceID = instanceID
    }

    public func admit(email: String, policy: RemovalGuardPolicy, idpRequestID: String?, now: Date) async throws
        -> RemovalAdmission
    {
        guard policy.isOn else { return .proceed }
        let instanceID = instanceID
        let logger = pool.logger
        let lockKey = "scimify-guard:\(instanceID)"
        let window = RemovalWindow(policy: policy, now: now)
        let start = window.start.timeIntervalSince1970
        return try await pool.client.transaction(logger: logger) { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(hashtextextended(\(lockKey), 0))", logger: logger)
            try await connection.query(
                "DELETE FROM scimify_removal_slot WHERE instance_id = \(instanceID) AND at < \(start)", logger: logger)
            var taken = 0
            for try await count in try await connection.query(
                "SELECT count(*) FROM scimify_removal_slot WHERE instance_id = \(instanceID)", logger: logger
            ).decode(Int.self) {
                taken = count
            }
            let verdict: HeldRemoval
            switch window.verdict(taken: taken, email: email, idpRequestID: idpRequestID) {
            case .takeSlot(let at):
                try await connection.run(
                    "INSERT INTO scimify_removal_slot (instance_id, at) VALUES (\(instanceID), \(at.timeIntervalSince1970))",
                    logger: logger)
                return RemovalAdmission.proceed
            case .hold(let held): verdict = held
            }
            try await connection.run(
                """
                INSERT INTO scimify_held_removal (id, instance_id, email, email_key, held_at, idp_request_id, reason)
                VALUES (\(verdict.id), \(instanceID), \(StoredText.storable(email)), \(StoredText.key(email)),
                    \(verdict.heldAt.timeIntervalSince1970), \(verdict.idpRequestID.map { StoredText.storable($0) }),
                    \(verdict.reason))
                ON CONFLICT (instance_id, email_key) DO NOTHING
                """, logger: logger)
            let held = try await Self.held(
                connection.query(
                    Self.selectHeld(instanceID: instanceID, emailKey: StoredText.key(email)), logger: logger))
            guard let first = held.first else { throw StoreError("the held removal of \(email) was not kept") }
            return RemovalAdmission.held(first)
        }
    }

    public func heldRemovals() async throws -> [HeldRemoval] {
        try await Self.held(
            pool.client.query(
                """
                SELECT id, email, held_at, idp_request_id, reason FROM scimify_held_removal
                WHERE instance_id = \(instanceID) ORDER BY held_at, id
                """, logger: pool.logger))
    }

    public func take(id: String) async throws -> HeldRemoval? {
        try await Self.held(
            pool.client.query(
                """
                DELETE FROM scimify_held_removal WHERE instance_id = \(instanceID) AND id = \(id)
                RETURNING id, email, held_at, idp_request_id, reason
                """, logger: pool.logger)
        ).first
    }

    public func cancel(email: String) async throws -> HeldRemoval? {
        try await Self.held(
            pool.client.query(
                """
                DELETE FROM scimify_held_removal WHERE instance_id = \(instanceID) AND email_key = \(StoredText.key(email))
                RETURNING id, email, held_at, idp_request_id, reason
                """, logger: pool.logger)
        ).first
    }

    private static func selectHeld(instanceID: Int64, emailKey: String) -> PostgresQuery {
        """
        SELECT id, email, held_at, idp_request_id, reason FROM scimify_held_removal
        WHERE instance_id = \(instanceID) AND email_key = \(emailKey)
        """
    }

    private static func held(_ rows: PostgresRowSequence) async throws -> [HeldRemoval] {
        var found: [HeldRemoval] = []
        for try await (id, email, heldAt, requestID, reason) in rows.decode(
            (String, String, Double, String?, String).self)
        {
            found.append(
                HeldRemoval(
                    id: id, email: email, heldAt: Date(timeIntervalSince1970: heldAt), idpRequestID: requestID,
                    reason: reason))
        }
        return found
    }
}
