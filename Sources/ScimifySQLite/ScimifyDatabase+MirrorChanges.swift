import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

extension ScimifyDatabase {
    /// Executes a recorded change's ``ScimifyStorage/MirrorOperation``s, so the console (and readiness) see it
    /// without waiting for the next refresh. Does nothing when the instance has no mirror.
    static func applyToMirror(instanceID: Int64, _ operations: [MirrorOperation], _ db: Database) throws {
        guard !operations.isEmpty,
            try Bool.fetchOne(db, sql: "SELECT 1 FROM mirror_state WHERE instance_id = ?", arguments: [instanceID])
                == true
        else { return }
        for operation in operations { try execute(operation, instanceID: instanceID, db) }
    }

    private static func execute(_ operation: MirrorOperation, instanceID: Int64, _ db: Database) throws {
        switch operation {
        case .retirePendingInvites(let email, let keeping):
            try db.execute(
                sql: """
                    UPDATE mirror_invite SET status = 'deleted'
                    WHERE instance_id = ? AND lower(email) = lower(?) AND status = 'pending' AND id <> ?
                    """,
                arguments: [instanceID, email, keeping])
        case .upsertInvite(let invite):
            try db.execute(
                sql: """
                    INSERT INTO mirror_invite (instance_id, id, email, role, status, invited_at, expires_at, accepted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(instance_id, id) DO UPDATE SET role = excluded.role, status = excluded.status,
                      expires_at = excluded.expires_at, accepted_at = excluded.accepted_at
                    """,
                arguments: [
                    instanceID, invite.id, invite.email, invite.role.rawValue, invite.status.rawValue,
                    invite.invitedAt.timeIntervalSince1970, invite.expiresAt.timeIntervalSince1970,
                    invite.acceptedAt?.timeIntervalSince1970,
                ])
        case .upsertMember(let member):
            try db.execute(
                sql: """
                    INSERT INTO mirror_member (instance_id, id, email, name, role, added_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(instance_id, id) DO UPDATE SET email = excluded.email, name = excluded.name,
                      role = excluded.role
                    """,
                arguments: [
                    instanceID, member.id, member.email, member.name, member.role.rawValue,
                    member.addedAt.timeIntervalSince1970,
                ])
        case .deleteMember(let id, let email):
            try db.execute(
                sql: "DELETE FROM mirror_member WHERE instance_id = ? AND (id = ? OR lower(email) = lower(?))",
                arguments: [instanceID, id ?? "", email])
        case .cancelInvite(let id, let email):
            try db.execute(
                sql: """
                    UPDATE mirror_invite SET status = 'deleted'
                    WHERE instance_id = ? AND (id = ? OR (lower(email) = lower(?) AND status = 'pending'))
                    """,
                arguments: [instanceID, id ?? "", email])
        case .acceptPendingInvites(let email):
            try db.execute(
                sql: """
                    UPDATE mirror_invite SET status = 'accepted'
                    WHERE instance_id = ? AND lower(email) = lower(?) AND status = 'pending'
                    """,
                arguments: [instanceID, email])
        case .recount:
            try db.execute(
                sql: """
                    UPDATE mirror_state SET
                      member_count = (SELECT count(*) FROM mirror_member WHERE instance_id = ?1),
                      invite_count = (SELECT count(*) FROM mirror_invite WHERE instance_id = ?1)
                    WHERE instance_id = ?1
                    """,
                arguments: [instanceID])
        }
    }
}
