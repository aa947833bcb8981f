import Foundation
import ScimifyCore

/// Turns the marked rows of a view into a ``BulkJob``: each row either becomes an item (the same change
/// the single-row key makes, checked against what the operator saw) or is skipped with its reason.
/// Protected members are always skipped and named, never changed. Pure.
public enum BulkPlanner {
    public static func changeRole(_ members: [MemberRow], to role: ClaudeRole) -> BulkJob {
        var items: [BulkItem] = []
        var skipped: [BulkResult] = []
        for member in members.map(\.member) {
            if member.isProtected {
                skipped.append(
                    skip(member.email, member.id, "\(member.role.rawValue): admins and owners are protected"))
            } else if member.role == role {
                skipped.append(skip(member.email, member.id, "already \(role)"))
            } else {
                items.append(
                    BulkItem(
                        email: member.email, rowID: member.id,
                        effect: .updateRole(
                            email: member.email, role: role, expecting: .member(id: member.id, role: member.role))))
            }
        }
        return BulkJob(action: .changeRole(role), items: items, skipped: skipped)
    }

    public static func changeRole(_ invites: [Invite], to role: ClaudeRole, at date: Date) -> BulkJob {
        var items: [BulkItem] = []
        var skipped: [BulkResult] = []
        for invite in unique(invites) {
            if !invite.isOpen(at: date) {
                skipped.append(
                    skip(
                        invite.email, invite.id,
                        "the invite is \(status(invite, date)); only a pending invite's role changes"))
            } else if invite.role == role {
                skipped.append(skip(invite.email, invite.id, "already \(role)"))
            } else {
                items.append(
                    BulkItem(
                        email: invite.email, rowID: invite.id,
                        effect: .updateRole(
                            email: invite.email, role: role, expecting: .pendingInvite(id: invite.id, role: invite.role)
                        )))
            }
        }
        return BulkJob(action: .changeRole(role), items: items, skipped: skipped)
    }

    public static func cancel(_ invites: [Invite], at date: Date) -> BulkJob {
        var items: [BulkItem] = []
        var skipped: [BulkResult] = []
        for invite in unique(invites) {
            if invite.isOpen(at: date) {
                items.append(
                    BulkItem(
                        email: invite.email, rowID: invite.id,
                        effect: .cancelInvite(
                            email: invite.email, expecting: .pendingInvite(id: invite.id, role: invite.role))))
            } else {
                skipped.append(
                    skip(
                        invite.email, invite.id,
                        "the invite is \(status(invite, date)); only pending invites are cancelled"))
            }
        }
        return BulkJob(action: .cancelInvites, items: items, skipped: skipped)
    }

    /// Expired and cancelled invites are sent again with their role; one per person.
    public static func reinvite(_ invites: [Invite], at date: Date) -> BulkJob {
        var items: [BulkItem] = []
        var skipped: [BulkResult] = []
        for invite in unique(invites) {
            if invite.isOpen(at: date) {
                skipped.append(skip(invite.email, invite.id, "already has a pending invite"))
            } else if invite.status == .accepted {
                skipped.append(skip(invite.email, invite.id, "accepted the invite and is a member"))
            } else {
                let role = invite.role.isProvisionable ? invite.role : .default
                items.append(
                    BulkItem(email: invite.email, rowID: invite.id, effect: .invite(email: invite.email, role: role)))
            }
        }
        return BulkJob(action: .reinvite, items: items, skipped: skipped)
    }

    public static func remove(_ members: [MemberRow]) -> BulkJob {
        var items: [BulkItem] = []
        var skipped: [BulkResult] = []
        for member in members.map(\.member) {
            if member.isProtected {
                skipped.append(
                    skip(member.email, member.id, "\(member.role.rawValue): admins and owners are protected"))
            } else {
                items.append(
                    BulkItem(
                        email: member.email, rowID: member.id,
                        effect: .removeMember(email: member.email, expecting: .member(id: member.id, role: member.role))
                    ))
            }
        }
        return BulkJob(action: .removeMembers, items: items, skipped: skipped)
    }

    public static func approve(_ problems: [Problem]) -> BulkJob {
        var items: [BulkItem] = []
        var skipped: [BulkResult] = []
        for problem in problems {
            if problem.kind == .heldRemoval {
                items.append(BulkItem(email: problem.email, rowID: problem.id, effect: .approveProblem(id: problem.id)))
            } else {
                skipped.append(
                    skip(
                        problem.email, problem.id, "\(problem.kind.words), not a held removal: retry (t) or dismiss (x)"
                    ))
            }
        }
        return BulkJob(action: .approveRemovals, items: items, skipped: skipped)
    }

    public static func retry(_ problems: [Problem]) -> BulkJob {
        var items: [BulkItem] = []
        var skipped: [BulkResult] = []
        for problem in problems {
            if problem.kind == .heldRemoval {
                skipped.append(
                    skip(problem.email, problem.id, "a held removal is approved (a) or dismissed (x), not retried"))
            } else {
                items.append(BulkItem(email: problem.email, rowID: problem.id, effect: .retryProblem(id: problem.id)))
            }
        }
        return BulkJob(action: .retryProblems, items: items, skipped: skipped)
    }

    public static func dismiss(_ problems: [Problem], reason: String) -> BulkJob {
        BulkJob(
            action: .dismissProblems(reason: reason),
            items: problems.map {
                BulkItem(email: $0.email, rowID: $0.id, effect: .dismissProblem(id: $0.id, reason: reason))
            },
            skipped: [])
    }

    public static func undo(_ removed: [RemovedMember]) -> BulkJob {
        BulkJob(
            action: .undoRemovals,
            items: removed.map {
                BulkItem(
                    email: $0.email, rowID: EmailAddress.key($0.email), effect: .invite(email: $0.email, role: $0.role))
            },
            skipped: [])
    }

    /// One invite per person (the newest), so a person marked twice is changed once.
    private static func unique(_ invites: [Invite]) -> [Invite] {
        var newest: [String: Invite] = [:]
        for invite in invites {
            let key = EmailAddress.key(invite.email)
            if let seen = newest[key], seen.invitedAt >= invite.invitedAt { continue }
            newest[key] = invite
        }
        return invites.filter { newest[EmailAddress.key($0.email)]?.id == $0.id }
    }

    private static func status(_ invite: Invite, _ date: Date) -> String {
        invite.isExpired(at: date) ? "expired" : invite.status.rawValue
    }

    private static func skip(_ email: String, _ rowID: String, _ reason: String) -> BulkResult {
        BulkResult(email: email, rowID: rowID, outcome: .skipped, detail: reason)
    }
}
