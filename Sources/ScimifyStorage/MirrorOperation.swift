import Foundation
import ScimifyCore

/// One write to the mirror that a recorded change makes, so the console, readiness and SCIM GET see it without
/// waiting for the next refresh. Decided by ``plan(for:email:)`` for both drivers; each driver executes an
/// operation as one statement. Emails compare case-insensitively.
package enum MirrorOperation: Sendable, Equatable {
    /// Mark the email's pending invites `deleted`, except the one with id `keeping` (a re-invite replaces them).
    case retirePendingInvites(email: String, keeping: String)
    /// Insert the invite, or update its role, status, expiry and acceptance.
    case upsertInvite(Invite)
    /// Insert the member, or update its email, name and role.
    case upsertMember(Member)
    /// Delete the member with this id, or any member with this email.
    case deleteMember(id: String?, email: String)
    /// Mark the invite with this id, or the email's pending invites, `deleted`.
    case cancelInvite(id: String?, email: String)
    /// Claude just showed the email as a member: its invites still pending here were accepted since the refresh.
    case acceptPendingInvites(email: String)
    /// Count the instance's members and invites again into the mirror's state.
    case recount

    /// The operations that record `outcome` for `email` in the mirror (none for a change that changed nothing).
    package static func plan(for outcome: ProvisioningOutcome, email: String) -> [MirrorOperation] {
        let email = StoredText.storable(email)
        var operations: [MirrorOperation] = []
        switch outcome.change {
        case .invited, .reinvited:
            guard let invite = outcome.invite else { return [] }
            operations = [.retirePendingInvites(email: email, keeping: invite.id), .upsertInvite(invite)]
        case .alreadyInvited:
            guard let invite = outcome.invite else { return [] }
            operations = [.upsertInvite(invite)]
        case .roleUpdated, .alreadyMember:
            if let member = outcome.member { operations = [.upsertMember(member)] }
        case .memberRemoved:
            operations = [.deleteMember(id: outcome.member?.id, email: email)]
        case .inviteCancelled:
            operations = [.cancelInvite(id: outcome.invite?.id, email: email)]
        case .unchanged, .nothingToRemove:
            return []
        }
        switch outcome.change {
        case .roleUpdated, .alreadyMember, .memberRemoved: operations.append(.acceptPendingInvites(email: email))
        default: break
        }
        return operations + [.recount]
    }
}
