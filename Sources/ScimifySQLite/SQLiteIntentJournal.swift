import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

/// The durable ``ScimifyCore/IntentJournal`` of one instance: an intent row is committed before the first
/// upstream step of cancel-and-reinvite and deleted after the last, so any process opening the database can
/// finish what a crashed one began. A refused intent is kept with state `needs_attention` (never replayed);
/// per-email generations live beside it (the recorder counts them with every recorded change).
public struct SQLiteIntentJournal: IntentJournal {
    let database: ScimifyDatabase
    let instanceID: Int64

    public init(database: ScimifyDatabase, instanceID: Int64) {
        self.database = database
        self.instanceID = instanceID
    }

    public func begin(_ intent: ReinviteIntent) async throws {
        let instanceID = instanceID
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO intent (id, instance_id, email, old_invite_id, old_role, new_role, created_at, generation, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    intent.id, instanceID, intent.email, intent.oldInviteID, intent.oldRole.rawValue,
                    intent.newRole.rawValue, intent.createdAt.timeIntervalSince1970, intent.generation,
                    IntentRow.State.open.rawValue,
                ]
            )
        }
    }

    public func recordStep(intentID: String, requestID: String) async throws {
        guard let step = IntentRow.step(requestID) else { return }
        let instanceID = instanceID
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    UPDATE intent SET request_ids = CASE WHEN request_ids = '' THEN ? ELSE request_ids || ',' || ? END
                    WHERE id = ? AND instance_id = ? AND state = ?
                    """,
                arguments: [step, step, intentID, instanceID, IntentRow.State.open.rawValue])
        }
    }

    public func complete(intentID: String) async throws {
        let instanceID = instanceID
        try await database.writer.write { db in
            try db.execute(
                sql: "DELETE FROM intent WHERE id = ? AND instance_id = ?", arguments: [intentID, instanceID])
        }
    }

    public func markNeedsAttention(intentID: String, reason: String, requestIDs: [String]) async throws {
        let instanceID = instanceID
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    UPDATE intent SET state = ?, reason = ?, request_ids = ?, state_at = ?
                    WHERE id = ? AND instance_id = ?
                    """,
                arguments: [
                    IntentRow.State.needsAttention.rawValue, StoredText.storable(reason),
                    IntentRow.encode(requestIDs: requestIDs), Date().timeIntervalSince1970, intentID, instanceID,
                ])
        }
    }

    public func reopen(intentID: String) async throws {
        let instanceID = instanceID
        try await database.writer.write { db in
            try db.execute(
                sql: "UPDATE intent SET state = ?, state_at = ? WHERE id = ? AND instance_id = ?",
                arguments: [IntentRow.State.open.rawValue, Date().timeIntervalSince1970, intentID, instanceID])
        }
    }

    /// Synchronous reads on purpose: an async GRDB read holds a pooled reader until its task resumes, and
    /// with every concurrency thread blocked in synchronous reads waiting for a reader (the store's other
    /// reads are synchronous), those tasks can never resume: the pool deadlocks (seen in a parallel test run).
    public func unfinished() async throws -> [ReinviteIntent] {
        try database.intents(instanceID: instanceID, state: .open).map(\.intent)
    }

    public func needingAttention() async throws -> [AttentionIntent] {
        try database.intents(instanceID: instanceID, state: .needsAttention)
    }

    public func generation(of email: String) async throws -> Int {
        try database.generation(instanceID: instanceID, email: email)
    }
}

extension ScimifyDatabase {
    /// Intents of an instance in `state` (`open` or `needs_attention`), oldest first.
    func intents(instanceID: Int64, state: IntentRow.State) throws -> [AttentionIntent] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM intent WHERE instance_id = ? AND state = ? ORDER BY created_at, id",
                arguments: [instanceID, state.rawValue]
            ).map { row in
                IntentRow.attentionIntent(
                    id: row["id"], email: row["email"], oldInviteID: row["old_invite_id"], oldRole: row["old_role"],
                    newRole: row["new_role"], createdAt: row["created_at"], generation: row["generation"],
                    reason: row["reason"], requestIDs: row["request_ids"], stateAt: row["state_at"])
            }
        }
    }

    /// Intents waiting for an operator, per instance id.
    public func attentionCounts() throws -> [Int64: Int] {
        try intentCounts(state: .needsAttention)
    }

    /// Open (unfinished, not yet refused) intents, per instance id.
    public func openIntentCounts() throws -> [Int64: Int] {
        try intentCounts(state: .open)
    }

    private func intentCounts(state: IntentRow.State) throws -> [Int64: Int] {
        try writer.read { db in
            var counts: [Int64: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT instance_id, count(*) FROM intent WHERE state = ? GROUP BY instance_id",
                arguments: [state.rawValue])
            {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }

    /// Instances that have open intents.
    public func instancesWithUnfinishedIntents() throws -> [Int64] {
        try writer.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT DISTINCT instance_id FROM intent WHERE state = 'open' ORDER BY instance_id")
        }
    }
}
