import Foundation
import GRDB
import ScimifyCore

/// Links SCIM records to what a refresh found, inside the refresh's transaction: an accepted invite's record
/// now points at its member, a member or pending invite with no record gets one (a stable UUID, so an IdP
/// import can match it), and a record whose member disappeared outside Scimify is marked so.
struct RecordLinker {
    let instanceID: Int64
    let now: Date
    let db: Database

    struct Counts {
        var created = 0
        var linked = 0
        var markedRemoved = 0
    }

    /// What linking needs of one record.
    struct Link: Sendable {
        let id: String
        var memberID: String?
        var inviteID: String?
        var active: Bool
        var removedOutside: Bool
    }

    /// The instance's records by email key (read from the covering index `scim_record_link`).
    static func readLinks(instanceID: Int64, _ db: Database) throws -> [String: Link] {
        var byEmail: [String: Link] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql:
                "SELECT id, email_key, member_id, invite_id, active, removed_outside FROM scim_record WHERE instance_id = ?",
            arguments: [instanceID]
        )
        while let row = try rows.next() {
            byEmail[row[1]] = Link(
                id: row[0], memberID: row[2], inviteID: row[3], active: row[4], removedOutside: row[5])
        }
        return byEmail
    }

    /// Links, creates and marks records.
    /// - Parameter existing: the instance's records as ``readLinks(instanceID:_:)`` returns them, current.
    func link(members: [Member], invites: [Invite], existing: [String: Link]) throws -> Counts {
        var counts = Counts()
        var byEmail = existing
        let update = try db.makeStatement(
            sql: """
                UPDATE scim_record SET member_id = ?, invite_id = ?, removed_outside = ?, updated_at = ?,
                    version = version + 1
                WHERE id = ?
                """
        )
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO scim_record (id, instance_id, user_name, user_name_key, emails, active, member_id, invite_id,
                    removed_outside, source, created_at, updated_at, version, display_name, email_key)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?, 0, 'import', ?, ?, 1, ?, ?4)
                """
        )
        let stamp = now.timeIntervalSince1970
        var memberKeys = Set<String>()
        for member in members {
            let key = EmailAddress.key(member.email)
            memberKeys.insert(key)
            if var link = byEmail[key] {
                guard link.memberID != member.id || link.inviteID != nil || link.removedOutside else { continue }
                link.memberID = member.id
                link.inviteID = nil
                link.removedOutside = false
                try update.execute(arguments: [link.memberID, link.inviteID, false, stamp, link.id])
                byEmail[key] = link
                counts.linked += 1
            } else {
                try insert.execute(arguments: [
                    UUID().uuidString.lowercased(), instanceID, member.email, key, Self.emailsJSON(member.email),
                    member.id, nil, stamp, stamp, member.name,
                ])
                counts.created += 1
            }
        }
        for invite in invites where invite.status == .pending {
            let key = EmailAddress.key(invite.email)
            guard !memberKeys.contains(key) else { continue }
            if var link = byEmail[key] {
                guard link.inviteID != invite.id else { continue }
                link.inviteID = invite.id
                try update.execute(arguments: [link.memberID, link.inviteID, link.removedOutside, stamp, link.id])
                byEmail[key] = link
                counts.linked += 1
            } else {
                try insert.execute(arguments: [
                    UUID().uuidString.lowercased(), instanceID, invite.email, key, Self.emailsJSON(invite.email), nil,
                    invite.id, stamp, stamp, nil,
                ])
                byEmail[key] = Link(id: "", memberID: nil, inviteID: invite.id, active: true, removedOutside: false)
                counts.created += 1
            }
        }
        for (key, link) in byEmail
        where link.memberID != nil && !memberKeys.contains(key) && link.active && !link.removedOutside {
            try update.execute(arguments: [link.memberID, link.inviteID, true, stamp, link.id])
            counts.markedRemoved += 1
        }
        return counts
    }

    private static func emailsJSON(_ email: String) -> String {
        (try? StoredEmailList.encode([email])) ?? "[]"
    }
}
