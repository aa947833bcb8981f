import Foundation
import PostgresNIO
import ScimifyCore
import ScimifyStorage

extension PostgresMirrorStore {
    /// When the instance's mirror was last refreshed (`nil`: never).
    public func lastRefresh(instanceID: Int64) async throws -> Date? {
        let rows = try await pool.client.query(
            "SELECT refreshed_at FROM scimify_mirror_state WHERE instance_id = \(instanceID)", logger: pool.logger)
        for try await at in rows.decode(Double.self) { return Date(timeIntervalSince1970: at) }
        return nil
    }

    /// The first `limit` members (by email) and invites (newest first) with the totals and their managed flags,
    /// in the SQLite store's orders: the console's first screen of a large organization.
    func preview(instanceID: Int64, limit: Int, records: PostgresRecordStore, now: Date = Date()) async throws
        -> MirrorPreview?
    {
        var state: (refreshedAt: Double, members: Int64)?
        for try await row in try await pool.client.query(
            "SELECT refreshed_at, member_count FROM scimify_mirror_state WHERE instance_id = \(instanceID)",
            logger: pool.logger
        ).decode((Double, Int64).self) {
            state = row
        }
        guard let state else { return nil }
        let members = try await PostgresMirrorRows.members(
            from: try await pool.client.query(
                """
                SELECT id, email, name, role, added_at FROM scimify_mirror_member WHERE instance_id = \(instanceID)
                ORDER BY lower(email) COLLATE "C", id LIMIT \(limit)
                """, logger: pool.logger))
        let invites = try await PostgresMirrorRows.invites(
            from: try await pool.client.query(
                """
                SELECT id, email, role, status, invited_at, expires_at, accepted_at FROM scimify_mirror_invite
                WHERE instance_id = \(instanceID) ORDER BY invited_at DESC, id LIMIT \(limit)
                """, logger: pool.logger))
        var pending = 0
        for try await count in try await pool.client.query(
            """
            SELECT count(*)::BIGINT FROM scimify_mirror_invite
            WHERE instance_id = \(instanceID) AND status = 'pending' AND expires_at > \(now.timeIntervalSince1970)
            """, logger: pool.logger
        ).decode(Int64.self) {
            pending = Int(count)
        }
        let keys = (members.map(\.email) + invites.map(\.email)).map(EmailAddress.key)
        return MirrorPreview(
            members: members, invites: invites,
            managedEmails: try await records.managedEmails(instanceID: instanceID, among: keys),
            refreshedAt: Date(timeIntervalSince1970: state.refreshedAt), memberCount: Int(state.members),
            pendingInviteCount: pending)
    }
}
