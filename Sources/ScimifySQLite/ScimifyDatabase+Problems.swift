import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

extension ScimifyDatabase {
    /// Ids of the problems an operator dismissed (found problems with these ids stay hidden).
    public func dismissedProblemIDs(instanceID: Int64) throws -> Set<String> {
        try writer.read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT problem_id FROM problem_dismissal WHERE instance_id = ?", arguments: [instanceID]))
        }
    }

    /// Records a dismissal with its audit row, in one transaction.
    public func dismissProblem(instanceID: Int64, id: String, reason: String, audit: AuditEvent) throws {
        try writeTranslatingErrors { db in
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO problem_dismissal (instance_id, problem_id, reason, at) VALUES (?, ?, ?, ?)",
                arguments: [
                    instanceID, id, StoredText.storable(reason, limit: AuditCaps.detail),
                    audit.at.timeIntervalSince1970,
                ])
            try Self.insertAudit(audit, db)
        }
    }
}
