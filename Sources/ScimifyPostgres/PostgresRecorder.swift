import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// The one write path on PostgreSQL: the core's ``ProvisioningRecorder``, writing the audit row, the SCIM
/// record's state, the mirror rows and the email's change generation in one transaction, as its
/// ``ScimifyStorage/RecordingPlan`` says (the plan the SQLite recorder executes too).
/// ``beginChange(email:)`` marks the email unconfirmed until an `ok` change to it is recorded.
public struct PostgresRecorder: ProvisioningRecorder {
    let pool: PostgresPool
    let instanceID: Int64
    let now: @Sendable () -> Date

    public init(pool: PostgresPool, instanceID: Int64, now: @escaping @Sendable () -> Date = { Date() }) {
        self.pool = pool
        self.instanceID = instanceID
        self.now = now
    }

    public func record(_ event: AuditEvent, change: RecordedChange?) async throws {
        let plan = RecordingPlan(event: event, change: change, instanceID: instanceID, stamp: now())
        let (instanceID, logger) = (instanceID, pool.logger)
        try await pool.client.transaction(logger: logger) { connection in
            for step in plan.steps {
                switch step {
                case .appendAudit(let event): try await PostgresAuditLog.insert(event, connection, logger)
                case .saveRecord(let record): try await PostgresRecordStore.upsert(record, connection, logger)
                case .deleteRecord(let id):
                    try await connection.run(
                        "DELETE FROM scimify_record WHERE instance_id = \(instanceID) AND id = \(id)", logger: logger)
                case .linkRecord(let link):
                    var existing = link.ownRecord
                    if existing == nil {
                        existing = try await PostgresRecordStore.record(
                            instanceID: instanceID, email: link.email, connection, logger)
                    }
                    if let record = link.record(existing: existing) {
                        try await PostgresRecordStore.upsert(record, connection, logger)
                    }
                case .applyToMirror(let operations):
                    try await PostgresMirrorChanges.apply(operations, instanceID: instanceID, connection, logger)
                case .bumpGeneration(let key):
                    try await connection.run(
                        """
                        INSERT INTO scimify_email_generation (instance_id, email_key, generation)
                        VALUES (\(instanceID), \(key), 1)
                        ON CONFLICT (instance_id, email_key)
                            DO UPDATE SET generation = scimify_email_generation.generation + 1
                        """, logger: logger)
                case .confirm(let key):
                    try await connection.run(
                        "DELETE FROM scimify_email_unconfirmed WHERE instance_id = \(instanceID) AND email_key = \(key)",
                        logger: logger)
                case .closeIntent(let id):
                    try await connection.run(
                        "DELETE FROM scimify_intent WHERE id = \(id) AND instance_id = \(instanceID)", logger: logger)
                }
            }
        }
    }

    public func trustedState(of email: String, now: Date) async throws -> TrustedClaudeState? {
        guard
            let known = try await PostgresClaudeState(pool: pool).claudeState(
                instanceID: instanceID, email: email, now: now),
            try await !isUnconfirmed(email: email)
        else { return nil }
        return TrustedClaudeState(role: known.role, kind: known.kind.rawValue)
    }

    public func beginChange(email: String) async throws {
        try await pool.client.query(
            """
            INSERT INTO scimify_email_unconfirmed (instance_id, email_key, since)
            VALUES (\(instanceID), \(StoredText.key(email)), \(now().timeIntervalSince1970))
            ON CONFLICT (instance_id, email_key) DO UPDATE SET since = excluded.since
            """, logger: pool.logger)
    }

    /// Whether a change to `email` began and no `ok` outcome of it was recorded yet.
    public func isUnconfirmed(email: String) async throws -> Bool {
        let rows = try await pool.client.query(
            """
            SELECT 1 FROM scimify_email_unconfirmed WHERE instance_id = \(instanceID)
                AND email_key = \(StoredText.key(email))
            """, logger: pool.logger)
        for try await _ in rows { return true }
        return false
    }
}

/// Executes a recorded change's ``ScimifyStorage/MirrorOperation``s on PostgreSQL, when the instance has a mirror.
enum PostgresMirrorChanges {
    static func apply(
        _ operations: [MirrorOperation], instanceID: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        guard !operations.isEmpty else { return }
        var mirrored = false
        for try await _ in try await connection.query(
            "SELECT 1 FROM scimify_mirror_state WHERE instance_id = \(instanceID)", logger: logger)
        {
            mirrored = true
        }
        guard mirrored else { return }
        for operation in operations {
            try await connection.run(statement(for: operation, instanceID: instanceID), logger: logger)
        }
    }

    private static func statement(for operation: MirrorOperation, instanceID: Int64) -> PostgresQuery {
        switch operation {
        case .retirePendingInvites(let email, let keeping):
            return """
                UPDATE scimify_mirror_invite SET status = 'deleted'
                WHERE instance_id = \(instanceID) AND lower(email) = lower(\(email)) AND status = 'pending'
                    AND id <> \(keeping)
                """
        case .upsertInvite(let invite):
            return """
                INSERT INTO scimify_mirror_invite
                    (instance_id, id, email, role, status, invited_at, expires_at, accepted_at)
                VALUES (\(instanceID), \(invite.id), \(invite.email), \(invite.role.rawValue), \(invite.status.rawValue),
                    \(invite.invitedAt.timeIntervalSince1970), \(invite.expiresAt.timeIntervalSince1970),
                    \(invite.acceptedAt?.timeIntervalSince1970))
                ON CONFLICT (instance_id, id) DO UPDATE SET role = excluded.role, status = excluded.status,
                    expires_at = excluded.expires_at, accepted_at = excluded.accepted_at
                """
        case .upsertMember(let member):
            return """
                INSERT INTO scimify_mirror_member (instance_id, id, email, name, role, added_at)
                VALUES (\(instanceID), \(member.id), \(member.email), \(member.name), \(member.role.rawValue),
                    \(member.addedAt.timeIntervalSince1970))
                ON CONFLICT (instance_id, id) DO UPDATE SET email = excluded.email, name = excluded.name,
                    role = excluded.role
                """
        case .deleteMember(let id, let email):
            return """
                DELETE FROM scimify_mirror_member WHERE instance_id = \(instanceID)
                    AND (id = \(id ?? "") OR lower(email) = lower(\(email)))
                """
        case .cancelInvite(let id, let email):
            return """
                UPDATE scimify_mirror_invite SET status = 'deleted' WHERE instance_id = \(instanceID)
                    AND (id = \(id ?? "") OR (lower(email) = lower(\(email)) AND status = 'pending'))
                """
        case .acceptPendingInvites(let email):
            return """
                UPDATE scimify_mirror_invite SET status = 'accepted'
                WHERE instance_id = \(instanceID) AND lower(email) = lower(\(email)) AND status = 'pending'
                """
        case .recount:
            return """
                UPDATE scimify_mirror_state SET
                    member_count = (SELECT count(*) FROM scimify_mirror_member WHERE instance_id = \(instanceID)),
                    invite_count = (SELECT count(*) FROM scimify_mirror_invite WHERE instance_id = \(instanceID))
                WHERE instance_id = \(instanceID)
                """
        }
    }
}
