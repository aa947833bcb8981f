import Foundation
import GRDB
import ScimifyCore

/// The store's ``ScimifyCore/ProvisioningRecorder`` for one instance: the one write path. Each outcome is
/// written in one transaction: the audit row, the SCIM record's state, the mirror and the email's change
/// generation, so no reader ever sees one without the others.
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
        let instanceID = instanceID
        let stamp = now()
        try await database.writeTranslatingErrorsAsync { db in
            try ScimifyDatabase.insertAudit(event, db)
            guard let change, event.outcome == .ok || event.outcome == .dryRun else { return }
            if event.outcome == .dryRun || change.outcome == nil {
                // Nothing changed in Claude: only the IdP's record (if any) is saved.
                if var record = change.record {
                    record.updatedAt = stamp
                    try ScimifyDatabase.upsert(record, db)
                }
            } else if let outcome = change.outcome {
                try Self.link(instanceID: instanceID, change, outcome, at: stamp, db)
                try ScimifyDatabase.applyToMirror(instanceID: instanceID, email: change.email, outcome: outcome, db)
            }
            if event.outcome == .ok {
                try ScimifyDatabase.bumpGeneration(instanceID: instanceID, email: change.email, db)
                if change.outcome != nil {
                    try db.execute(
                        sql: "DELETE FROM email_unconfirmed WHERE instance_id = ? AND email_key = ?",
                        arguments: [instanceID, EmailAddress.key(change.email)])
                }
            }
        }
    }

    public func beginChange(email: String) async throws {
        let instanceID = instanceID
        let stamp = now().timeIntervalSince1970
        try await database.writeTranslatingErrorsAsync { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO email_unconfirmed (instance_id, email_key, since) VALUES (?, ?, ?)",
                arguments: [instanceID, EmailAddress.key(email), stamp])
        }
    }

    /// Links (or creates) the record of the change's email to the member or invite it now maps to.
    private static func link(
        instanceID: Int64, _ change: RecordedChange, _ outcome: ProvisioningOutcome, at stamp: Date,
        _ db: Database
    ) throws {
        let existing = try change.record ?? ScimifyDatabase.fetchRecord(instanceID: instanceID, email: change.email, db)
        guard let record = linked(existing: existing, instanceID: instanceID, change, outcome, at: stamp) else {
            return
        }
        try ScimifyDatabase.upsert(record, db)
    }

    /// The SCIM record of a change's person after it (both stores use this): linked to the invite or member the
    /// outcome names, or deactivated by a removal; `nil` when a removal finds no record (none is made for
    /// someone removed).
    /// - Parameter existing: the change's own record, else the person's record in the store.
    package static func linked(
        existing: ScimRecord?, instanceID: Int64, _ change: RecordedChange, _ outcome: ProvisioningOutcome,
        at stamp: Date
    ) -> ScimRecord? {
        let email = change.email
        let removal = [.memberRemoved, .inviteCancelled, .nothingToRemove].contains(outcome.change)
        if existing == nil, removal { return nil }
        var record =
            existing
            ?? ScimRecord(
                id: UUID().uuidString.lowercased(), instanceID: instanceID, userName: email, emails: [email],
                source: change.source, createdAt: stamp, updatedAt: stamp)
        switch outcome.change {
        case .invited, .reinvited, .alreadyInvited:
            record.inviteID = outcome.invite?.id ?? record.inviteID
            record.memberID = nil
            record.active = true
            record.removedOutside = false
        case .alreadyMember, .roleUpdated:
            record.memberID = outcome.member?.id ?? record.memberID
            record.inviteID = nil
            record.active = true
            record.removedOutside = false
        case .unchanged:
            if let member = outcome.member {
                record.memberID = member.id
                record.inviteID = nil
            }
            if let invite = outcome.invite { record.inviteID = invite.id }
        case .memberRemoved, .inviteCancelled, .nothingToRemove:
            record.memberID = nil
            record.inviteID = nil
            record.active = false
        }
        if let role = change.requestedRole, change.record == nil { record.requestedRole = role }
        record.updatedAt = stamp
        return record
    }
}

extension ScimifyDatabase {
    /// Whether a change to `email` went towards Claude and was never recorded as done (a crash, a timeout, a
    /// change refused part-way): the mirror's word on that person is then not trusted.
    public func isUnconfirmed(instanceID: Int64, email: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM email_unconfirmed WHERE instance_id = ? AND email_key = ?",
                arguments: [instanceID, EmailAddress.key(email)]) ?? false
        }
    }

    /// Counts one more recorded change to `email` (inside the recorder's transaction).
    static func bumpGeneration(instanceID: Int64, email: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO email_generation (instance_id, email_key, generation) VALUES (?, ?, 1)
                ON CONFLICT(instance_id, email_key) DO UPDATE SET generation = generation + 1
                """,
            arguments: [instanceID, EmailAddress.key(email)])
    }

    /// How many changes to `email` have been recorded in the instance.
    public func generation(instanceID: Int64, email: String) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT generation FROM email_generation WHERE instance_id = ? AND email_key = ?",
                arguments: [instanceID, EmailAddress.key(email)]) ?? 0
        }
    }
}
