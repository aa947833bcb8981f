import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// Problems an operator dismissed, in PostgreSQL: every replica's console and readiness hide them. A
/// dismissal is written with its audit row in one transaction, as in the SQLite store.
public struct PostgresProblemDismissals: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// Ids of the problems dismissed for an instance.
    public func dismissedProblemIDs(instanceID: Int64) async throws -> Set<String> {
        var ids = Set<String>()
        let rows = try await pool.client.query(
            "SELECT problem_id FROM scimify_problem_dismissal WHERE instance_id = \(instanceID)", logger: pool.logger)
        for try await id in rows.decode(String.self) { ids.insert(id) }
        return ids
    }

    /// Records a dismissal (a later one replaces its reason) with its audit row.
    public func dismissProblem(instanceID: Int64, id: String, reason: String, audit: AuditEvent) async throws {
        let logger = pool.logger
        try await pool.client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO scimify_problem_dismissal (instance_id, problem_id, reason, at)
                VALUES (\(instanceID), \(id), \(StoredText.storable(reason, limit: AuditCaps.detail)),
                    \(audit.at.timeIntervalSince1970))
                ON CONFLICT (instance_id, problem_id) DO UPDATE SET reason = excluded.reason, at = excluded.at
                """, logger: logger)
            try await PostgresAuditLog.insert(audit, connection, logger)
        }
    }
}
