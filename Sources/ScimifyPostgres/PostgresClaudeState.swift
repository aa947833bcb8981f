import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// What Claude has for a person per the mirror in PostgreSQL (the member's role, else the newest unexpired
/// pending invite's; of two sent at the same instant, the later id), as the SQLite store answers it: what SCIM GET renders and "unchanged" is decided against.
public struct PostgresClaudeState: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// `nil` when the mirror has neither a member nor an unexpired pending invite for `email`.
    public func claudeState(instanceID: Int64, email: String, now: Date = Date()) async throws -> MirroredPerson? {
        try await people(instanceID: instanceID, keys: [StoredText.key(email)], now: now).values.first
    }

    /// ``claudeState(instanceID:email:now:)`` of `emails` (of everyone when `nil`), keyed by
    /// ``EmailAddress/key(_:)``; a member wins over a pending invite of the same address.
    public func mirroredPeople(instanceID: Int64, emails: [String]? = nil, now: Date = Date()) async throws
        -> [String: MirroredPerson]
    {
        if let emails, emails.isEmpty { return [:] }
        return try await people(instanceID: instanceID, keys: emails?.map(EmailAddress.key), now: now)
    }

    private func people(instanceID: Int64, keys: [String]?, now: Date) async throws -> [String: MirroredPerson] {
        let rows = try await pool.client.query(
            """
            SELECT 0 AS kind, id, email, role, invited_at FROM scimify_mirror_invite
            WHERE instance_id = \(instanceID) AND status = 'pending' AND expires_at > \(now.timeIntervalSince1970)
                AND (\(keys)::TEXT[] IS NULL OR lower(email) = ANY(\(keys)))
            UNION ALL
            SELECT 1, id, email, role, 0 FROM scimify_mirror_member
            WHERE instance_id = \(instanceID) AND (\(keys)::TEXT[] IS NULL OR lower(email) = ANY(\(keys)))
            ORDER BY 1, 5, 2
            """, logger: pool.logger)
        var people: [String: MirroredPerson] = [:]
        for try await (kind, id, email, role, _) in rows.decode((Int, String, String, String, Double).self) {
            people[StoredText.key(email)] = MirroredPerson(
                role: ClaudeRole(rawValue: role), kind: kind == 1 ? .member : .pendingInvite, id: id)
        }
        return people
    }
}
