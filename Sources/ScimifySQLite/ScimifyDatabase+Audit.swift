import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

extension ScimifyDatabase {
    /// Appends an audit event. Its text is neutralised and capped; it never holds a secret because no
    /// caller passes one (keys and tokens never reach ``AuditEvent``).
    public func appendAudit(_ event: AuditEvent) throws {
        try writeTranslatingErrors { db in try Self.insertAudit(event, db) }
    }

    static func insertAudit(_ event: AuditEvent, _ db: Database) throws {
        let event = AuditCaps.storable(event)
        try db.execute(
            sql: """
                INSERT INTO audit_event
                    (at, instance_id, instance_slug, actor, action, target_email, outcome, request_ids, detail,
                     idp_request_id, batch_id, requested_change)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                event.at.timeIntervalSince1970, event.instanceID, event.instanceSlug,
                event.actor, event.action, event.targetEmail, event.outcome.rawValue,
                IntentRow.encode(requestIDs: event.requestIDs), event.detail, event.idpRequestID, event.batchID,
                event.requested?.storedText,
            ]
        )
    }

    /// Audit events, newest first.
    /// - Parameters:
    ///   - instanceID: only this instance's events (`nil` for all).
    ///   - since: only events at or after this time.
    ///   - limit: the most rows returned.
    ///   - batchID: only the items of this bulk action.
    public func auditEvents(instanceID: Int64? = nil, since: Date? = nil, batchID: String? = nil, limit: Int = 10_000)
        throws
        -> [AuditEvent]
    {
        try writer.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let instanceID {
                conditions.append("instance_id = ?")
                arguments += [instanceID]
            }
            if let since {
                conditions.append("at >= ?")
                arguments += [since.timeIntervalSince1970]
            }
            if let batchID {
                conditions.append("batch_id = ?")
                arguments += [batchID]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [limit]
            return try Row.fetchAll(
                db,
                sql: "SELECT * FROM audit_event \(filter) ORDER BY at DESC, id DESC LIMIT ?",
                arguments: arguments
            ).map { row in
                let ids: String = row["request_ids"]
                return AuditEvent(
                    id: row["id"],
                    at: Date(timeIntervalSince1970: row["at"]),
                    instanceID: row["instance_id"],
                    instanceSlug: row["instance_slug"],
                    actor: row["actor"],
                    action: row["action"],
                    targetEmail: row["target_email"],
                    outcome: AuditEvent.Outcome(rawValue: row["outcome"]) ?? .failed,
                    requestIDs: IntentRow.decode(requestIDs: ids),
                    detail: row["detail"],
                    idpRequestID: row["idp_request_id"],
                    batchID: row["batch_id"],
                    requested: (row["requested_change"] as String?).flatMap(RequestedChange.init(storedText:))
                )
            }
        }
    }
}

extension ScimifyDatabase {
    /// Grows with every recorded change from any process: every path writes an audit row for each change
    /// (the one write path), so the newest audit id is the store's change counter (an O(1) rowid read).
    public func changeCounter() throws -> Int64 {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM audit_event") ?? 0 }
    }
}
