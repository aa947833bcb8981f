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

    /// The operations that record `outcome` for `email` in the mirror: first what the call's lookups found of
    /// Claude (``plan(for:email:)-(LiveFindings,_)``), then what the change did; none when neither says anything.
    /// Each row is written once: the member row the change itself writes is not written from the lookup too.
    package static func plan(for outcome: ProvisioningOutcome, email: String) -> [MirrorOperation] {
        let email = StoredText.storable(email)
        let writesMember =
            switch outcome.change {
            case .roleUpdated, .alreadyMember, .memberRemoved: true
            default: false
            }
        var operations = findings(outcome.found, email: email, memberRow: !writesMember)
        switch outcome.change {
        case .invited, .reinvited:
            if let invite = outcome.invite {
                operations += [.retirePendingInvites(email: email, keeping: invite.id), .upsertInvite(invite)]
            }
        case .alreadyInvited:
            if let invite = outcome.invite { operations.append(.upsertInvite(invite)) }
        case .roleUpdated, .alreadyMember:
            if let member = outcome.member { operations.append(.upsertMember(member)) }
        case .memberRemoved:
            operations.append(.deleteMember(id: outcome.member?.id, email: email))
        case .inviteCancelled:
            operations.append(.cancelInvite(id: outcome.invite?.id, email: email))
        case .unchanged, .nothingToRemove:
            break
        }
        // Claude showed the email as a member (found, or written): its invites still pending here were accepted.
        if writesMember || outcome.found.member != nil { operations.append(.acceptPendingInvites(email: email)) }
        return operations.isEmpty ? [] : operations + [.recount]
    }

    /// The operations that make the mirror say what Claude's answers said of `email` during a change that
    /// then failed or was refused (nothing written): a member gone, the member as listed, the invites as listed.
    package static func plan(for found: LiveFindings, email: String) -> [MirrorOperation] {
        let email = StoredText.storable(email)
        var operations = findings(found, email: email, memberRow: true)
        if found.member != nil { operations.append(.acceptPendingInvites(email: email)) }
        return operations.isEmpty ? [] : operations + [.recount]
    }

    /// What the lookups said, as writes: the member row (unless the change writes it itself) and the invites.
    private static func findings(_ found: LiveFindings, email: String, memberRow: Bool) -> [MirrorOperation] {
        var operations: [MirrorOperation] = []
        if memberRow, let member = found.member {
            operations.append(.upsertMember(member))
        } else if memberRow, found.noMember {
            operations.append(.deleteMember(id: nil, email: email))
        }
        if let invites = found.invites {
            operations += invites.map { .upsertInvite($0) }
            if let pending = invites.first(where: { $0.status == .pending }) {
                operations.append(.retirePendingInvites(email: email, keeping: pending.id))
            } else {
                operations.append(.cancelInvite(id: nil, email: email))
            }
        }
        return operations
    }
}
