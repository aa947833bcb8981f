import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// The audit log in PostgreSQL, shared by every replica. Each row is written as ``ScimifyStorage/AuditCaps``
/// says (the rule both stores follow), so audit rows are never lost to their text.
public struct PostgresAuditLog: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// Appends an event; returns its id (ids grow with every event from any replica).
    @discardableResult
    public func append(_ event: AuditEvent) async throws -> Int64 {
        try await pool.client.withConnection { connection in
            try await Self.insert(event, connection, pool.logger)
        }
    }

    /// Appends an event on `connection` (inside the caller's transaction: no change without its audit row).
    @discardableResult
    static func insert(_ event: AuditEvent, _ connection: PostgresConnection, _ logger: Logger) async throws -> Int64 {
        let event = AuditCaps.storable(event)
        let rows = try await connection.query(
            """
            INSERT INTO scimify_audit_event
                (at, instance_id, instance_slug, actor, action, target_email, outcome, request_ids, detail,
                 idp_request_id, batch_id, requested_change)
            VALUES (\(event.at.timeIntervalSince1970), \(event.instanceID), \(event.instanceSlug), \(event.actor),
                \(event.action), \(event.targetEmail), \(event.outcome.rawValue), \(event.requestIDs), \(event.detail),
                \(event.idpRequestID), \(event.batchID), \(event.requested?.storedText))
            RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StoreError("the audit event was not stored")
    }

    /// Events, newest first.
    /// - Parameters:
    ///   - instanceID: only this instance's events (`nil` for all).
    ///   - since: only events at or after this time.
    ///   - batchID: only the items of this bulk action.
    ///   - limit: the most rows returned.
    public func events(instanceID: Int64? = nil, since: Date? = nil, batchID: String? = nil, limit: Int = 10_000)
        async throws -> [AuditEvent]
    {
        let rows = try await pool.client.query(
            """
            SELECT id, at, instance_id, instance_slug, actor, action, target_email, outcome, request_ids, detail,
                idp_request_id, batch_id, requested_change
            FROM scimify_audit_event
            WHERE (\(instanceID)::BIGINT IS NULL OR instance_id = \(instanceID))
                AND (\(since?.timeIntervalSince1970)::DOUBLE PRECISION IS NULL OR at >= \(since?.timeIntervalSince1970))
                AND (\(batchID)::TEXT IS NULL OR batch_id = \(batchID))
            ORDER BY at DESC, id DESC
            LIMIT \(limit)
            """, logger: pool.logger)
        var events: [AuditEvent] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            events.append(
                AuditEvent(
                    id: try cells.value(0), at: Date(timeIntervalSince1970: try cells.value(1)),
                    instanceID: try cells.value(2),
                    instanceSlug: try cells.value(3), actor: try cells.value(4), action: try cells.value(5),
                    targetEmail: try cells.value(6),
                    outcome: AuditEvent.Outcome(rawValue: try cells.value(7)) ?? .failed,
                    requestIDs: try cells.value(8),
                    detail: try cells.value(9), idpRequestID: try cells.value(10), batchID: try cells.value(11),
                    requested: (try cells.value(12) as String?).flatMap(RequestedChange.init(storedText:))))
        }
        return events
    }

    /// The newest event's id: grows with every recorded change from any replica.
    public func changeCounter() async throws -> Int64 {
        let rows = try await pool.client.query(
            "SELECT coalesce(max(id), 0)::BIGINT FROM scimify_audit_event", logger: pool.logger)
        for try await id in rows.decode(Int64.self) { return id }
        return 0
    }
}
