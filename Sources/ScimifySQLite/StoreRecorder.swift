import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

/// The store's ``ScimifyCore/ProvisioningRecorder`` for one instance: the one write path. Each outcome is
/// written in one transaction, as its ``ScimifyStorage/RecordingPlan`` says: the audit row, the SCIM record's
/// state, the mirror and the email's change generation, so no reader ever sees one without the others.
public struct StoreRecorder: ProvisioningRecorder {
    let database: ScimifyDatabase
    let instanceID: Int64
    let now: @Sendable () -> Date

    public init(database: ScimifyDatabase, instanceID: Int64, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.instanceID = instanceID
        self.now = now
    }

    public func record(_ event: AuditEvent, change: RecordedChange?) async throws {
        let plan = RecordingPlan(event: event, change: change, instanceID: instanceID, stamp: now())
        let instanceID = instanceID
        try await database.writeTranslatingErrorsAsync { db in
            for step in plan.steps {
                switch step {
                case .appendAudit(let event): try ScimifyDatabase.insertAudit(event, db)
                case .saveRecord(let record): try ScimifyDatabase.upsert(record, db)
                case .deleteRecord(let id):
                    try db.execute(
                        sql: "DELETE FROM scim_record WHERE instance_id = ? AND id = ?", arguments: [instanceID, id])
                case .linkRecord(let link):
                    let existing =
                        try link.ownRecord ?? ScimifyDatabase.fetchRecord(instanceID: instanceID, email: link.email, db)
                    if let record = link.record(existing: existing) { try ScimifyDatabase.upsert(record, db) }
                case .applyToMirror(let operations):
                    try ScimifyDatabase.applyToMirror(instanceID: instanceID, operations, db)
                case .bumpGeneration(let key):
                    try db.execute(
                        sql: """
                            INSERT INTO email_generation (instance_id, email_key, generation) VALUES (?, ?, 1)
                            ON CONFLICT(instance_id, email_key) DO UPDATE SET generation = generation + 1
                            """,
                        arguments: [instanceID, key])
                case .confirm(let key):
                    try db.execute(
                        sql: "DELETE FROM email_unconfirmed WHERE instance_id = ? AND email_key = ?",
                        arguments: [instanceID, key])
                case .closeIntent(let id):
                    try db.execute(
                        sql: "DELETE FROM intent WHERE id = ? AND instance_id = ?", arguments: [id, instanceID])
                }
            }
        }
    }

    public func trustedState(of email: String, now: Date) async throws -> TrustedClaudeState? {
        guard let known = try database.claudeState(instanceID: instanceID, email: email, now: now),
            try !database.isUnconfirmed(instanceID: instanceID, email: email)
        else { return nil }
        return TrustedClaudeState(role: known.role, kind: known.kind.rawValue)
    }

    public func beginChange(email: String) async throws {
        let instanceID = instanceID
        let stamp = now().timeIntervalSince1970
        try await database.writeTranslatingErrorsAsync { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO email_unconfirmed (instance_id, email_key, since) VALUES (?, ?, ?)",
                arguments: [instanceID, StoredText.key(email), stamp])
        }
    }
}

extension ScimifyDatabase {
    /// Whether a change to `email` went towards Claude and was never recorded as done (a crash, a timeout, a
    /// change refused part-way): the mirror's word on that person is then not trusted.
    public func isUnconfirmed(instanceID: Int64, email: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM email_unconfirmed WHERE instance_id = ? AND email_key = ?",
                arguments: [instanceID, StoredText.key(email)]) ?? false
        }
    }

    /// How many changes to `email` have been recorded in the instance.
    public func generation(instanceID: Int64, email: String) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT generation FROM email_generation WHERE instance_id = ? AND email_key = ?",
                arguments: [instanceID, StoredText.key(email)]) ?? 0
        }
    }
}
