import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// The ``ScimifyCore/IntentJournal`` of one instance in PostgreSQL, shared by every replica: an intent row is
/// committed before the first upstream step of cancel-and-reinvite and deleted after the last. A replica that
/// dies between the steps leaves its row open; any replica's resume takes the email's advisory lock
/// (``AdvisoryLockChangeSerializer``), which the dead replica's connection no longer holds, finds the row
/// still open and finishes it, and every other resume then finds it gone: once. The lock on a live replica's
/// connection is the lease (PostgreSQL ends it when that connection ends, with no expiry to wait for).
public struct PostgresIntentJournal: IntentJournal {
    let pool: PostgresPool
    let instanceID: Int64

    public init(pool: PostgresPool, instanceID: Int64) {
        self.pool = pool
        self.instanceID = instanceID
    }

    public func begin(_ intent: ReinviteIntent) async throws {
        try await pool.client.query(
            """
            INSERT INTO scimify_intent (id, instance_id, email, old_invite_id, old_role, new_role, created_at,
                generation, state)
            VALUES (\(intent.id), \(instanceID), \(intent.email), \(intent.oldInviteID), \(intent.oldRole.rawValue),
                \(intent.newRole.rawValue), \(intent.createdAt.timeIntervalSince1970), \(intent.generation),
                \(IntentRow.State.open.rawValue))
            """, logger: pool.logger)
    }

    public func recordStep(intentID: String, requestID: String) async throws {
        guard let step = IntentRow.step(requestID) else { return }
        try await pool.client.query(
            """
            UPDATE scimify_intent
            SET request_ids = CASE WHEN request_ids = '' THEN \(step) ELSE request_ids || ',' || \(step) END
            WHERE id = \(intentID) AND instance_id = \(instanceID) AND state = \(IntentRow.State.open.rawValue)
            """, logger: pool.logger)
    }

    public func complete(intentID: String) async throws {
        try await pool.client.query(
            "DELETE FROM scimify_intent WHERE id = \(intentID) AND instance_id = \(instanceID)", logger: pool.logger)
    }

    public func markNeedsAttention(intentID: String, reason: String, requestIDs: [String]) async throws {
        try await pool.client.query(
            """
            UPDATE scimify_intent SET state = \(IntentRow.State.needsAttention.rawValue),
                reason = \(StoredText.storable(reason)), request_ids = \(IntentRow.encode(requestIDs: requestIDs)),
                state_at = \(Date().timeIntervalSince1970)
            WHERE id = \(intentID) AND instance_id = \(instanceID)
            """, logger: pool.logger)
    }

    public func reopen(intentID: String) async throws {
        try await pool.client.query(
            """
            UPDATE scimify_intent SET state = \(IntentRow.State.open.rawValue), state_at = \(Date().timeIntervalSince1970)
            WHERE id = \(intentID) AND instance_id = \(instanceID)
            """, logger: pool.logger)
    }

    public func unfinished() async throws -> [ReinviteIntent] {
        try await intents(state: .open).map(\.intent)
    }

    public func needingAttention() async throws -> [AttentionIntent] {
        try await intents(state: .needsAttention)
    }

    public func generation(of email: String) async throws -> Int {
        let rows = try await pool.client.query(
            """
            SELECT generation FROM scimify_email_generation
            WHERE instance_id = \(instanceID) AND email_key = \(StoredText.key(email))
            """, logger: pool.logger)
        for try await generation in rows.decode(Int.self) { return generation }
        return 0
    }

    private func intents(state: IntentRow.State) async throws -> [AttentionIntent] {
        let rows = try await pool.client.query(
            """
            SELECT id, email, old_invite_id, old_role, new_role, created_at, generation, reason, request_ids, state_at
            FROM scimify_intent WHERE instance_id = \(instanceID) AND state = \(state.rawValue) ORDER BY created_at, id
            """, logger: pool.logger)
        var found: [AttentionIntent] = []
        for try await (id, email, oldInvite, oldRole, newRole, createdAt, generation, reason, requestIDs, stateAt)
            in rows
            .decode((String, String, String, String, String, Double, Int, String?, String, Double?).self)
        {
            found.append(
                IntentRow.attentionIntent(
                    id: id, email: email, oldInviteID: oldInvite, oldRole: oldRole, newRole: newRole,
                    createdAt: createdAt, generation: generation, reason: reason, requestIDs: requestIDs,
                    stateAt: stateAt))
        }
        return found
    }
}

extension PostgresIntentJournal {
    /// Intents in `state` per instance id, over every instance.
    static func counts(state: IntentRow.State, pool: PostgresPool) async throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        let rows = try await pool.client.query(
            "SELECT instance_id, count(*)::BIGINT FROM scimify_intent WHERE state = \(state.rawValue) GROUP BY instance_id",
            logger: pool.logger)
        for try await (id, count) in rows.decode((Int64, Int64).self) { counts[id] = Int(count) }
        return counts
    }
}
