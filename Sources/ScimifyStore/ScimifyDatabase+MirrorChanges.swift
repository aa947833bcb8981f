import Foundation
import GRDB
import ScimifyCore

extension ScimifyDatabase {
    /// Applies a change Scimify just made to the instance's mirror, so the console (and readiness) see it
    /// without waiting for the next refresh. Does nothing before the first refresh (there is no mirror yet).
    static func applyToMirror(instanceID: Int64, email: String, outcome: ProvisioningOutcome, _ db: Database) throws {
        guard
            try Bool.fetchOne(db, sql: "SELECT 1 FROM mirror_state WHERE instance_id = ?", arguments: [instanceID])
                == true
        else { return }
        switch outcome.change {
        case .invited, .reinvited:
            guard let invite = outcome.invite else { return }
            // A re-invite replaces the email's earlier pending invite.
            try db.execute(
                sql: """
                    UPDATE mirror_invite SET status = 'deleted'
                    WHERE instance_id = ? AND lower(email) = lower(?) AND status = 'pending' AND id <> ?
                    """,
                arguments: [instanceID, email, invite.id])
            try upsertMirrorInvite(instanceID: instanceID, invite, db)
        case .alreadyInvited:
            if let invite = outcome.invite { try upsertMirrorInvite(instanceID: instanceID, invite, db) }
        case .roleUpdated, .alreadyMember:
            if let member = outcome.member { try upsertMirrorMember(instanceID: instanceID, member, db) }
        case .memberRemoved:
            try db.execute(
                sql: "DELETE FROM mirror_member WHERE instance_id = ? AND (id = ? OR lower(email) = lower(?))",
                arguments: [instanceID, outcome.member?.id ?? "", email])
        case .inviteCancelled:
            try db.execute(
                sql:
                    "UPDATE mirror_invite SET status = 'deleted' WHERE instance_id = ? AND (id = ? OR (lower(email) = lower(?) AND status = 'pending'))",
                arguments: [instanceID, outcome.invite?.id ?? "", email])
        case .unchanged, .nothingToRemove:
            return
        }
        switch outcome.change {
        case .roleUpdated, .alreadyMember, .memberRemoved:
            // Claude just showed the email as a member: an invite of it the mirror still has as pending was
            // accepted there since the last refresh.
            try db.execute(
                sql: """
                    UPDATE mirror_invite SET status = 'accepted'
                    WHERE instance_id = ? AND lower(email) = lower(?) AND status = 'pending'
                    """,
                arguments: [instanceID, email])
        default: break
        }
        try db.execute(
            sql: """
                UPDATE mirror_state SET
                  member_count = (SELECT count(*) FROM mirror_member WHERE instance_id = ?1),
                  invite_count = (SELECT count(*) FROM mirror_invite WHERE instance_id = ?1)
                WHERE instance_id = ?1
                """,
            arguments: [instanceID])
    }

    private static func upsertMirrorMember(instanceID: Int64, _ member: Member, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO mirror_member (instance_id, id, email, name, role, added_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(instance_id, id) DO UPDATE SET email = excluded.email, name = excluded.name, role = excluded.role
                """,
            arguments: [
                instanceID, member.id, member.email, member.name, member.role.rawValue,
                member.addedAt.timeIntervalSince1970,
            ])
    }

    private static func upsertMirrorInvite(instanceID: Int64, _ invite: Invite, _ db: Database) throws {
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
    }
}
