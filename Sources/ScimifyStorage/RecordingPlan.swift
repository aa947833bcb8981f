import Foundation
import ScimifyCore

/// What recording one outcome of the core writes, in one transaction, decided once for both drivers (the one
/// write path): the audit row always; for a failed or refused change, what Claude's answers said before it
/// stopped, in the mirror; for an `ok` or dry-run change the SCIM record (saved as given, or linked
/// to the member or invite the outcome names) and, for a real change, the mirror; for an `ok` change the email's
/// generation and, when Claude was changed, the end of the email's unconfirmed state and of the journaled
/// intent the outcome finishes (so an intent is never closed while the store is behind Claude).
package struct RecordingPlan: Sendable {
    /// One write of the plan, executed in order by a driver inside its transaction.
    package enum Step: Sendable {
        case appendAudit(AuditEvent)
        /// Save this record as it is (nothing changed in Claude: only the IdP's record is kept).
        case saveRecord(ScimRecord)
        /// Delete the record with this id (the IdP deleted it).
        case deleteRecord(id: String)
        /// Read the person's record (when the change carries none), then save ``RecordLink/record(existing:)``.
        case linkRecord(RecordLink)
        /// Apply these operations to the mirror, when the instance has one.
        case applyToMirror([MirrorOperation])
        /// Count one more recorded change to the email (its key).
        case bumpGeneration(emailKey: String)
        /// The change's outcome is known: the email is no longer unconfirmed (its key).
        case confirm(emailKey: String)
        /// The journaled cancel-and-reinvite this outcome ends is finished: delete it (by id, in the instance).
        case closeIntent(id: String)
    }

    /// How the SCIM record of a change is linked once the existing one is known.
    package struct RecordLink: Sendable {
        package let instanceID: Int64
        package let change: RecordedChange
        /// What the core did; `nil` for a change that failed or was refused, whose link only takes what the
        /// core learned (``RecordedChange/found``).
        package let outcome: ProvisioningOutcome?
        package let stamp: Date

        /// The email whose record the driver reads when the change carries none.
        package var email: String { change.email }
        /// The record the change carries (the SCIM path's own), read from the store otherwise.
        package var ownRecord: ScimRecord? { change.record }

        /// The record to save: linked to the invite or member the outcome names, or deactivated by a removal;
        /// `nil` when a removal finds no record (none is made for someone removed).
        /// - Parameter existing: the change's own record, else the person's record in the store.
        package func record(existing: ScimRecord?) -> ScimRecord? {
            let existing = change.record ?? existing
            guard let outcome else { return Self.learned(change.found, existing: existing, stamp: stamp) }
            let removal = [.memberRemoved, .inviteCancelled, .nothingToRemove].contains(outcome.change)
            if existing == nil, removal { return nil }
            var record =
                existing
                ?? ScimRecord(
                    id: UUID().uuidString.lowercased(), instanceID: instanceID, userName: change.email,
                    emails: [change.email], source: change.source, createdAt: stamp, updatedAt: stamp)
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

        /// A failed or refused change's lookup found no member where the record points at one: the record is
        /// marked removed outside Scimify, as a refresh would (`nil`: nothing to change).
        private static func learned(_ found: LiveFindings, existing: ScimRecord?, stamp: Date) -> ScimRecord? {
            guard found.noMember, var record = existing, record.memberID != nil, record.active,
                !record.removedOutside
            else { return nil }
            record.removedOutside = true
            record.updatedAt = stamp
            return record
        }
    }

    package let steps: [Step]

    /// The plan for recording `event` with `change` in `instanceID` at `stamp`.
    package init(event: AuditEvent, change: RecordedChange?, instanceID: Int64, stamp: Date) {
        steps = Self.steps(event: event, change: change, instanceID: instanceID, stamp: stamp)
    }

    private static func steps(event: AuditEvent, change: RecordedChange?, instanceID: Int64, stamp: Date) -> [Step] {
        var steps: [Step] = [.appendAudit(event)]
        if let change, event.outcome == .failed || event.outcome == .refused {
            // Nothing was changed, but what Claude's answers said before the stop is Claude's state now.
            let operations = MirrorOperation.plan(for: change.found, email: change.email)
            if !operations.isEmpty {
                steps.append(
                    .linkRecord(RecordLink(instanceID: instanceID, change: change, outcome: nil, stamp: stamp)))
                steps.append(.applyToMirror(operations))
            }
            return steps
        }
        guard let change, event.outcome == .ok || event.outcome == .dryRun else { return steps }
        if change.forgetsRecord, let record = change.record {
            steps.append(.deleteRecord(id: record.id))
        } else if event.outcome == .dryRun || change.outcome == nil {
            if var record = change.record {
                record.updatedAt = stamp
                steps.append(.saveRecord(record))
            }
        } else if let outcome = change.outcome {
            steps.append(
                .linkRecord(RecordLink(instanceID: instanceID, change: change, outcome: outcome, stamp: stamp)))
            steps.append(.applyToMirror(MirrorOperation.plan(for: outcome, email: change.email)))
        }
        guard event.outcome == .ok else { return steps }
        let key = StoredText.key(change.email)
        steps.append(.bumpGeneration(emailKey: key))
        if let outcome = change.outcome {
            steps.append(.confirm(emailKey: key))
            if let intentID = outcome.closesIntentID { steps.append(.closeIntent(id: intentID)) }
        }
        return steps
    }
}
