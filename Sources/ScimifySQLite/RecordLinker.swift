import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

/// Links SCIM records to what a refresh found, inside the refresh's transaction: reads the records
/// (``readLinks(instanceID:_:)``) and writes a finished ``RecordLinkPlan``.
package struct RecordLinker {
    let instanceID: Int64
    let now: Date
    let db: Database

    /// The instance's records by email key (read from the covering index `scim_record_link`).
    static func readLinks(instanceID: Int64, _ db: Database) throws -> [String: RecordLinkPlan.Link] {
        var byEmail: [String: RecordLinkPlan.Link] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql:
                "SELECT id, email_key, member_id, invite_id, active, removed_outside FROM scim_record WHERE instance_id = ?",
            arguments: [instanceID]
        )
        while let row = try rows.next() {
            byEmail[row[1]] = RecordLinkPlan.Link(
                id: row[0], memberID: row[2], inviteID: row[3], active: row[4], removedOutside: row[5])
        }
        return byEmail
    }

    /// Writes a finished plan.
    func write(_ plan: RecordLinkPlan) throws -> RecordLinkPlan.Counts {
        let stamp = now.timeIntervalSince1970
        if !plan.inserts.isEmpty {
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO scim_record (id, instance_id, user_name, user_name_key, emails, active, member_id,
                        invite_id, removed_outside, source, created_at, updated_at, version, display_name, email_key)
                    VALUES (?, ?, ?, ?, ?, 1, ?, ?, 0, 'import', ?, ?, 1, ?, ?4)
                    """
            )
            for row in plan.inserts {
                try insert.execute(arguments: [
                    row.recordID, instanceID, row.email, row.key, (try? StoredEmailList.encode([row.email])) ?? "[]",
                    row.memberID, row.inviteID, stamp, stamp, row.displayName,
                ])
            }
        }
        if !plan.updates.isEmpty {
            let update = try db.makeStatement(
                sql: """
                    UPDATE scim_record SET member_id = ?, invite_id = ?, removed_outside = ?, updated_at = ?,
                        version = version + 1
                    WHERE id = ?
                    """
            )
            for row in plan.updates {
                try update.execute(arguments: [row.memberID, row.inviteID, row.removedOutside, stamp, row.recordID])
            }
        }
        return plan.counts
    }
}
