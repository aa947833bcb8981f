import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStore

/// The one write path on PostgreSQL: the core's ``ProvisioningRecorder``, writing the audit row, the SCIM
/// record's state, the mirror rows and the email's change generation in one transaction, with the SQLite
/// recorder's rules (the record is linked by the same ``StoreRecorder/linked(existing:instanceID:_:_:at:)``).
/// ``beginChange(email:)`` marks the email unconfirmed until an `ok` change to it is recorded.
public struct PostgresRecorder: ProvisioningRecorder {
    let store: PostgresStore
    let instanceID: Int64
    let now: @Sendable () -> Date

    public init(store: PostgresStore, instanceID: Int64, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.instanceID = instanceID
        self.now = now
    }

    public func record(_ event: AuditEvent, change: RecordedChange?) async throws {
        let (instanceID, stamp, logger) = (instanceID, now(), store.logger)
        try await store.client.withTransaction(logger: logger) { connection in
            try await PostgresAuditLog.insert(event, connection, logger)
            guard let change, event.outcome == .ok || event.outcome == .dryRun else { return }
            if event.outcome == .dryRun || change.outcome == nil {
                // Nothing changed in Claude: only the IdP's record (if any) is saved.
                if var record = change.record {
                    record.updatedAt = stamp
                    try await PostgresRecordStore.upsert(record, connection, logger)
                }
            } else if let outcome = change.outcome {
                let existing: ScimRecord?
                if let own = change.record {
                    existing = own
                } else {
                    existing = try await PostgresRecordStore.record(
                        instanceID: instanceID, email: change.email, connection, logger)
                }
                if let record = StoreRecorder.linked(
                    existing: existing, instanceID: instanceID, change, outcome, at: stamp)
                {
                    try await PostgresRecordStore.upsert(record, connection, logger)
                }
                try await PostgresMirrorChanges.apply(
                    outcome, email: change.email, instanceID: instanceID, connection, logger)
            }
            guard event.outcome == .ok else { return }
            let key = EmailAddress.key(change.email)
            try await connection.query(
                """
                INSERT INTO scimify_email_generation (instance_id, email_key, generation) VALUES (\(instanceID), \(key), 1)
                ON CONFLICT (instance_id, email_key) DO UPDATE SET generation = scimify_email_generation.generation + 1
                """, logger: logger)
            if change.outcome != nil {
                try await connection.query(
                    "DELETE FROM scimify_email_unconfirmed WHERE instance_id = \(instanceID) AND email_key = \(key)",
                    logger: logger)
            }
        }
    }

    public func beginChange(email: String) async throws {
        try await store.client.query(
            """
            INSERT INTO scimify_email_unconfirmed (instance_id, email_key, since)
            VALUES (\(instanceID), \(EmailAddress.key(email)), \(now().timeIntervalSince1970))
            ON CONFLICT (instance_id, email_key) DO UPDATE SET since = excluded.since
            """, logger: store.logger)
    }

    /// Whether a change to `email` began and no `ok` outcome of it was recorded yet.
    public func isUnconfirmed(email: String) async throws -> Bool {
        let rows = try await store.client.query(
            """
            SELECT 1 FROM scimify_email_unconfirmed WHERE instance_id = \(instanceID)
                AND email_key = \(EmailAddress.key(email))
            """, logger: store.logger)
        for try await _ in rows { return true }
        return false
    }
}

/// What one recorded change does to the mirror (when the instance has one), as the SQLite store does it.
enum PostgresMirrorChanges {
    static func apply(
        _ outcome: ProvisioningOutcome, email: String, instanceID: Int64, _ connection: PostgresConnection,
        _ logger: Logger
    ) async throws {
        var mirrored = false
        for try await _ in try await connection.query(
            "SELECT 1 FROM scimify_mirror_state WHERE instance_id = \(instanceID)", logger: logger)
        {
            mirrored = true
        }
        guard mirrored else { return }
        switch outcome.change {
        case .invited, .reinvited:
            guard let invite = outcome.invite else { return }
            // A re-invite replaces the email's earlier pending invite.
            try await connection.query(
                """
                UPDATE scimify_mirror_invite SET status = 'deleted'
                WHERE instance_id = \(instanceID) AND lower(email) = lower(\(email)) AND status = 'pending'
                    AND id <> \(invite.id)
                """, logger: logger)
            try await upsert(invite, instanceID: instanceID, connection, logger)
        case .alreadyInvited:
            if let invite = outcome.invite { try await upsert(invite, instanceID: instanceID, connection, logger) }
        case .roleUpdated, .alreadyMember:
            if let member = outcome.member {
                try await connection.query(
                    """
                    INSERT INTO scimify_mirror_member (instance_id, id, email, name, role, added_at)
                    VALUES (\(instanceID), \(member.id), \(member.email), \(member.name), \(member.role.rawValue),
                        \(member.addedAt.timeIntervalSince1970))
                    ON CONFLICT (instance_id, id) DO UPDATE SET email = excluded.email, name = excluded.name,
                        role = excluded.role
                    """, logger: logger)
            }
        case .memberRemoved:
            try await connection.query(
                """
                DELETE FROM scimify_mirror_member WHERE instance_id = \(instanceID)
                    AND (id = \(outcome.member?.id ?? "") OR lower(email) = lower(\(email)))
                """, logger: logger)
        case .inviteCancelled:
            try await connection.query(
                """
                UPDATE scimify_mirror_invite SET status = 'deleted' WHERE instance_id = \(instanceID)
                    AND (id = \(outcome.invite?.id ?? "") OR (lower(email) = lower(\(email)) AND status = 'pending'))
                """, logger: logger)
        case .unchanged, .nothingToRemove:
            return
        }
        switch outcome.change {
        case .roleUpdated, .alreadyMember, .memberRemoved:
            // Claude just showed the email as a member: an invite of it the mirror still has as pending was
            // accepted there since the last refresh.
            try await connection.query(
                """
                UPDATE scimify_mirror_invite SET status = 'accepted'
                WHERE instance_id = \(instanceID) AND lower(email) = lower(\(email)) AND status = 'pending'
                """, logger: logger)
        default: break
        }
        try await connection.query(
            """
            UPDATE scimify_mirror_state SET
                member_count = (SELECT count(*) FROM scimify_mirror_member WHERE instance_id = \(instanceID)),
                invite_count = (SELECT count(*) FROM scimify_mirror_invite WHERE instance_id = \(instanceID))
            WHERE instance_id = \(instanceID)
            """, logger: logger)
    }

    private static func upsert(_ invite: Invite, instanceID: Int64, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO scimify_mirror_invite (instance_id, id, email, role, status, invited_at, expires_at, accepted_at)
            VALUES (\(instanceID), \(invite.id), \(invite.email), \(invite.role.rawValue), \(invite.status.rawValue),
                \(invite.invitedAt.timeIntervalSince1970), \(invite.expiresAt.timeIntervalSince1970),
                \(invite.acceptedAt?.timeIntervalSince1970))
            ON CONFLICT (instance_id, id) DO UPDATE SET role = excluded.role, status = excluded.status,
                expires_at = excluded.expires_at, accepted_at = excluded.accepted_at
            """, logger: logger)
    }
}
