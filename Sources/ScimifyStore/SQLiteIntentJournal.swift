import Foundation
import GRDB
import ScimifyCore

/// The durable ``ScimifyCore/IntentJournal`` of one instance: an intent row is committed before the first
/// upstream step of cancel-and-reinvite and deleted after the last, so any process opening the database can
/// finish what a crashed one began.
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
                    INSERT INTO intent (id, instance_id, email, old_invite_id, old_role, new_role, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    intent.id, instanceID, intent.email, intent.oldInviteID, intent.oldRole.rawValue,
                    intent.newRole.rawValue, intent.createdAt.timeIntervalSince1970,
                ]
            )
        }
    }

    public func complete(intentID: String) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM intent WHERE id = ?", arguments: [intentID])
        }
    }

    public func unfinished() async throws -> [ReinviteIntent] {
        try unfinishedNow()
    }

    /// A synchronous read on purpose: an async GRDB read holds a pooled reader until its task resumes, and
    /// with every concurrency thread blocked in synchronous reads waiting for a reader (the store's other
    /// reads are synchronous), those tasks can never resume: the pool deadlocks (seen in a parallel test run).
    private func unfinishedNow() throws -> [ReinviteIntent] {
        let instanceID = instanceID
        return try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM intent WHERE instance_id = ? ORDER BY created_at", arguments: [instanceID])
                .map { row in
                    ReinviteIntent(
                        id: row["id"],
                        email: row["email"],
                        oldInviteID: row["old_invite_id"],
                        oldRole: ClaudeRole(rawValue: row["old_role"]),
                        newRole: ClaudeRole(rawValue: row["new_role"]),
                        createdAt: Date(timeIntervalSince1970: row["created_at"])
                    )
                }
        }
    }
}

extension ScimifyDatabase {
    /// Unfinished intents of every instance (for `/metrics` and the readiness report).
    public func pendingIntentCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM intent") ?? 0 }
    }

    /// Instances that have unfinished intents.
    public func instancesWithUnfinishedIntents() throws -> [Int64] {
        try writer.read { db in try Int64.fetchAll(db, sql: "SELECT DISTINCT instance_id FROM intent") }
    }
}
