import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// The mirror tables of one instance, read and written inside a refresh's transaction. Writes send each
/// table's rows as arrays in one statement (`unnest`), so a first refresh of 100,000 members is a handful of
/// statements, and a steady-state one writes nothing.
enum PostgresMirrorRows {
    static func read(instanceID: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws -> (
        members: [Member], invites: [Invite], refreshedAt: Date
    )? {
        var refreshedAt: Double?
        for try await at in try await connection.query(
            "SELECT refreshed_at FROM scimify_mirror_state WHERE instance_id = \(instanceID)", logger: logger
        ).decode(Double.self) {
            refreshedAt = at
        }
        guard let refreshedAt else { return nil }
        let members = try await Self.members(
            from: try await connection.query(
                """
                SELECT id, email, name, role, added_at FROM scimify_mirror_member WHERE instance_id = \(instanceID)
                ORDER BY added_at DESC, id
                """, logger: logger))
        let invites = try await Self.invites(
            from: try await connection.query(
                """
                SELECT id, email, role, status, invited_at, expires_at, accepted_at FROM scimify_mirror_invite
                WHERE instance_id = \(instanceID) ORDER BY invited_at DESC, id
                """, logger: logger))
        return (members, invites, Date(timeIntervalSince1970: refreshedAt))
    }

    /// Members from rows of `id, email, name, role, added_at`.
    static func members(from rows: PostgresRowSequence) async throws -> [Member] {
        var members: [Member] = []
        for try await (id, email, name, role, addedAt) in rows.decode((String, String, String, String, Double).self) {
            members.append(
                Member(
                    id: id, email: email, name: name, role: ClaudeRole(rawValue: role),
                    addedAt: Date(timeIntervalSince1970: addedAt)))
        }
        return members
    }

    /// Invites from rows of `id, email, role, status, invited_at, expires_at, accepted_at`.
    static func invites(from rows: PostgresRowSequence) async throws -> [Invite] {
        var invites: [Invite] = []
        for try await (id, email, role, status, invitedAt, expiresAt, acceptedAt) in rows.decode(
            (String, String, String, String, Double, Double, Double?).self)
        {
            invites.append(
                Invite(
                    id: id, email: email, role: ClaudeRole(rawValue: role), status: InviteStatus(rawValue: status),
                    invitedAt: Date(timeIntervalSince1970: invitedAt),
                    expiresAt: Date(timeIntervalSince1970: expiresAt),
                    acceptedAt: acceptedAt.map(Date.init(timeIntervalSince1970:))))
        }
        return invites
    }

    /// Deletes what disappeared and writes what is new or changed.
    static func write(
        _ comparison: MirrorComparison, instanceID: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        if !comparison.memberIDsToDelete.isEmpty {
            try await connection.query(
                """
                DELETE FROM scimify_mirror_member
                WHERE instance_id = \(instanceID) AND id = ANY(\(comparison.memberIDsToDelete))
                """, logger: logger)
        }
        if !comparison.inviteIDsToDelete.isEmpty {
            try await connection.query(
                """
                DELETE FROM scimify_mirror_invite
                WHERE instance_id = \(instanceID) AND id = ANY(\(comparison.inviteIDsToDelete))
                """, logger: logger)
        }
        let members = comparison.membersToWrite
        if !members.isEmpty {
            try await connection.query(
                """
                INSERT INTO scimify_mirror_member (instance_id, id, email, name, role, added_at)
                SELECT \(instanceID), * FROM unnest(\(members.map(\.id))::TEXT[], \(members.map(\.email))::TEXT[],
                    \(members.map(\.name))::TEXT[], \(members.map(\.role.rawValue))::TEXT[],
                    \(members.map(\.addedAt.timeIntervalSince1970))::DOUBLE PRECISION[])
                ON CONFLICT (instance_id, id) DO UPDATE SET email = excluded.email, name = excluded.name,
                    role = excluded.role, added_at = excluded.added_at
                """, logger: logger)
        }
        let invites = comparison.invitesToWrite
        if !invites.isEmpty {
            try await connection.query(
                """
                INSERT INTO scimify_mirror_invite
                    (instance_id, id, email, role, status, invited_at, expires_at, accepted_at)
                SELECT \(instanceID), u.id, u.email, u.role, u.status, u.invited_at, u.expires_at,
                    CASE WHEN u.accepted THEN u.accepted_at END
                FROM unnest(\(invites.map(\.id))::TEXT[], \(invites.map(\.email))::TEXT[],
                    \(invites.map(\.role.rawValue))::TEXT[], \(invites.map(\.status.rawValue))::TEXT[],
                    \(invites.map(\.invitedAt.timeIntervalSince1970))::DOUBLE PRECISION[],
                    \(invites.map(\.expiresAt.timeIntervalSince1970))::DOUBLE PRECISION[],
                    \(invites.map { $0.acceptedAt != nil })::BOOLEAN[],
                    \(invites.map { $0.acceptedAt?.timeIntervalSince1970 ?? 0 })::DOUBLE PRECISION[])
                    AS u(id, email, role, status, invited_at, expires_at, accepted, accepted_at)
                ON CONFLICT (instance_id, id) DO UPDATE SET email = excluded.email, role = excluded.role,
                    status = excluded.status, invited_at = excluded.invited_at, expires_at = excluded.expires_at,
                    accepted_at = excluded.accepted_at
                """, logger: logger)
        }
    }
}

/// The record links a refresh reads and writes inside its transaction (``RecordLinkPlan`` decides).
enum PostgresRecordLinks {
    static func read(instanceID: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> [String: RecordLinkPlan.Link]
    {
        var links: [String: RecordLinkPlan.Link] = [:]
        for try await (id, key, memberID, inviteID, active, removed) in try await connection.query(
            """
            SELECT id, email_key, member_id, invite_id, active, removed_outside FROM scimify_record
            WHERE instance_id = \(instanceID)
            """, logger: logger
        ).decode((String, String, String?, String?, Bool, Bool).self) {
            links[key] = RecordLinkPlan.Link(
                id: id, memberID: memberID, inviteID: inviteID, active: active, removedOutside: removed)
        }
        return links
    }

    static func write(
        _ plan: RecordLinkPlan, instanceID: Int64, at now: Date, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let stamp = now.timeIntervalSince1970
        let inserts = plan.inserts
        if !inserts.isEmpty {
            try await connection.query(
                """
                INSERT INTO scimify_record (id, instance_id, user_name, user_name_key, emails, active, member_id,
                    invite_id, removed_outside, source, created_at, updated_at, version, display_name, email_key)
                SELECT u.id, \(instanceID), u.email, u.key, ARRAY[u.email], TRUE, CASE WHEN u.has_member THEN u.member END,
                    CASE WHEN u.has_invite THEN u.invite END, FALSE, 'import', \(stamp), \(stamp), 1,
                    CASE WHEN u.has_name THEN u.name END, u.key
                FROM unnest(\(inserts.map(\.recordID))::TEXT[], \(inserts.map(\.email))::TEXT[],
                    \(inserts.map(\.key))::TEXT[], \(inserts.map { $0.memberID != nil })::BOOLEAN[],
                    \(inserts.map { $0.memberID ?? "" })::TEXT[], \(inserts.map { $0.inviteID != nil })::BOOLEAN[],
                    \(inserts.map { $0.inviteID ?? "" })::TEXT[], \(inserts.map { $0.displayName != nil })::BOOLEAN[],
                    \(inserts.map { $0.displayName ?? "" })::TEXT[])
                    AS u(id, email, key, has_member, member, has_invite, invite, has_name, name)
                """, logger: logger)
        }
        // Each update sets all three fields, so the last one for a record is its end state.
        var last: [String: RecordLinkPlan.Update] = [:]
        for update in plan.updates { last[update.recordID] = update }
        let updates = Array(last.values)
        if !updates.isEmpty {
            try await connection.query(
                """
                UPDATE scimify_record AS r SET member_id = CASE WHEN u.has_member THEN u.member END,
                    invite_id = CASE WHEN u.has_invite THEN u.invite END, removed_outside = u.removed,
                    updated_at = \(stamp), version = r.version + 1
                FROM unnest(\(updates.map(\.recordID))::TEXT[], \(updates.map { $0.memberID != nil })::BOOLEAN[],
                    \(updates.map { $0.memberID ?? "" })::TEXT[], \(updates.map { $0.inviteID != nil })::BOOLEAN[],
                    \(updates.map { $0.inviteID ?? "" })::TEXT[], \(updates.map(\.removedOutside))::BOOLEAN[])
                    AS u(id, has_member, member, has_invite, invite, removed)
                WHERE r.id = u.id AND r.instance_id = \(instanceID)
                """, logger: logger)
        }
    }
}
