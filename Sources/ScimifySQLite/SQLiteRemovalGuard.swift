import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

/// The mass-removal guard of one instance on the shared database: a removal slot is taken in one write
/// transaction (SQLite serializes writers across processes, so several `scimify serve` replicas on one file
/// never both take the last slot); past the policy's limit the removal is held instead.
public struct SQLiteRemovalGuard: RemovalGuard {
    let database: ScimifyDatabase
    let instanceID: Int64

    public init(database: ScimifyDatabase, instanceID: Int64) {
        self.database = database
        self.instanceID = instanceID
    }

    public func admit(email: String, policy: RemovalGuardPolicy, idpRequestID: String?, now: Date) async throws
        -> RemovalAdmission
    {
        guard policy.isOn else { return .proceed }
        let instanceID = instanceID
        let window = RemovalWindow(policy: policy, now: now)
        return try await database.writeTranslatingErrorsAsync { db in
            try db.execute(
                sql: "DELETE FROM removal_slot WHERE instance_id = ? AND at < ?",
                arguments: [instanceID, window.start.timeIntervalSince1970])
            let taken =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM removal_slot WHERE instance_id = ?", arguments: [instanceID]) ?? 0
            let held: HeldRemoval
            switch window.verdict(taken: taken, email: email, idpRequestID: idpRequestID) {
            case .takeSlot(let at):
                try db.execute(
                    sql: "INSERT INTO removal_slot (instance_id, at) VALUES (?, ?)",
                    arguments: [instanceID, at.timeIntervalSince1970])
                return .proceed
            case .hold(let verdict): held = verdict
            }
            try db.execute(
                sql: """
                    INSERT INTO held_removal (id, instance_id, email, email_key, held_at, idp_request_id, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(instance_id, email_key) DO NOTHING
                    """,
                arguments: [
                    held.id, instanceID, StoredText.storable(email), StoredText.key(email),
                    held.heldAt.timeIntervalSince1970, held.idpRequestID.map { StoredText.storable($0) }, held.reason,
                ])
            return .held(try Self.held(instanceID: instanceID, email: email, db) ?? held)
        }
    }

    public func heldRemovals() async throws -> [HeldRemoval] {
        try database.heldRemovals(instanceID: instanceID)
    }

    public func take(id: String) async throws -> HeldRemoval? {
        let instanceID = instanceID
        return try await database.writeTranslatingErrorsAsync { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM held_removal WHERE instance_id = ? AND id = ?", arguments: [instanceID, id])
            try db.execute(
                sql: "DELETE FROM held_removal WHERE instance_id = ? AND id = ?", arguments: [instanceID, id])
            return row.map(Self.held)
        }
    }

    public func cancel(email: String) async throws -> HeldRemoval? {
        let instanceID = instanceID
        return try await database.writeTranslatingErrorsAsync { db in
            let held = try Self.held(instanceID: instanceID, email: email, db)
            try db.execute(
                sql: "DELETE FROM held_removal WHERE instance_id = ? AND email_key = ?",
                arguments: [instanceID, StoredText.key(email)])
            return held
        }
    }

    static func held(instanceID: Int64, email: String, _ db: Database) throws -> HeldRemoval? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM held_removal WHERE instance_id = ? AND email_key = ?",
            arguments: [instanceID, StoredText.key(email)]
        ).map(held)
    }

    static func held(_ row: Row) -> HeldRemoval {
        HeldRemoval(
            id: row["id"], email: row["email"], heldAt: Date(timeIntervalSince1970: row["held_at"]),
            idpRequestID: row["idp_request_id"], reason: row["reason"])
    }
}

extension ScimifyDatabase {
    /// Removals held by the guard of an instance, oldest first.
    public func heldRemovals(instanceID: Int64) throws -> [HeldRemoval] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM held_removal WHERE instance_id = ? ORDER BY held_at, id",
                arguments: [instanceID]
            )
            .map(SQLiteRemovalGuard.held)
        }
    }
}
