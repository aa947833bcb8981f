import Foundation
import GRDB
import ScimifyCore

/// The store's ``ScimifyCore/ProvisioningRecorder`` for one instance: audit rows, record links, and the
/// mirror kept current with every change made.
public struct StoreRecorder: ProvisioningRecorder {
    let database: ScimifyDatabase
    let instanceID: Int64
    let now: @Sendable () -> Date

    public init(database: ScimifyDatabase, instanceID: Int64, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.instanceID = instanceID
        self.now = now
    }

    public func record(_ event: AuditEvent) async throws {
        try await database.writer.write { db in try ScimifyDatabase.insertAudit(event, db) }
    }

    public func link(email: String, outcome: ProvisioningOutcome, requestedRole: ClaudeRole?, source: ScimRecord.Source)
        async throws
    {
        let instanceID = instanceID
        let stamp = now()
        try await database.writer.write { db in
            let existing = try ScimifyDatabase.fetchRecord(instanceID: instanceID, userName: email, db)
            var record =
                existing
                ?? ScimRecord(
                    id: UUID().uuidString.lowercased(),
                    instanceID: instanceID,
                    userName: email,
                    emails: [email],
                    source: source,
                    createdAt: stamp,
                    updatedAt: stamp
                )
            switch outcome.change {
            case .invited, .reinvited, .alreadyInvited:
                record.inviteID = outcome.invite?.id ?? record.inviteID
                record.active = true
            case .alreadyMember, .roleUpdated:
                record.memberID = outcome.member?.id ?? record.memberID
                record.inviteID = nil
                record.active = true
                record.removedOutside = false
            case .unchanged:
                if let member = outcome.member { record.memberID = member.id }
                if let invite = outcome.invite { record.inviteID = invite.id }
            case .memberRemoved, .inviteCancelled, .nothingToRemove:
                record.memberID = nil
                record.inviteID = nil
                record.active = false
            }
            if let requestedRole { record.requestedRole = requestedRole }
            record.updatedAt = stamp
            try ScimifyDatabase.upsert(record, db)
            try ScimifyDatabase.applyToMirror(instanceID: instanceID, email: email, outcome: outcome, db)
        }
    }
}
