import Foundation
import ScimifyCore

/// Turns the marked rows of a view into a ``BulkJob``: each row either becomes an item (the same change
/// the single-row key makes, checked against what the operator saw) or is skipped with its reason.
/// Protected members are always skipped and named, never changed. Pure.
public enum BulkPlanner {
    /// What happens to one marked row.
    private enum Decision {
        case change(ConsoleEffect)
        case skip(String)
    }

    public static func changeRole(_ members: [MemberRow], to role: ClaudeRole) -> BulkJob {
        plan(.changeRole(role), members.map(\.member), id: \.id, email: \.email) { member in
            if member.isProtected { return .skip(protected(member)) }
            if member.role == role { return .skip("already \(role)") }
            return .change(
                .updateRole(email: member.email, role: role, expecting: .member(id: member.id, role: member.role)))
        }
    }

    public static func changeRole(_ invites: [Invite], to role: ClaudeRole, at date: Date) -> BulkJob {
        plan(.changeRole(role), unique(invites), id: \.id, email: \.email) { invite in
            guard invite.isOpen(at: date) else {
                return .skip("the invite is \(invite.statusWord(at: date)); only a pending invite's role changes")
            }
            if invite.role == role { return .skip("already \(role)") }
            return .change(
                .updateRole(
                    email: invite.email, role: role, expecting: .pendingInvite(id: invite.id, role: invite.role)))
        }
    }

    public static func cancel(_ invites: [Invite], at date: Date) -> BulkJob {
        plan(.cancelInvites, unique(invites), id: \.id, email: \.email) { invite in
            guard invite.isOpen(at: date) else {
                return .skip("the invite is \(invite.statusWord(at: date)); only pending invites are cancelled")
            }
            return .change(
                .cancelInvite(email: invite.email, expecting: .pendingInvite(id: invite.id, role: invite.role)))
        }
    }

    /// Expired and cancelled invites are sent again with their role; one per person.
    public static func reinvite(_ invites: [Invite], at date: Date) -> BulkJob {
        plan(.reinvite, unique(invites), id: \.id, email: \.email) { invite in
            if invite.isOpen(at: date) { return .skip("already has a pending invite") }
            if invite.status == .accepted { return .skip("accepted the invite and is a member") }
            return .change(.invite(email: invite.email, role: invite.role.isProvisionable ? invite.role : .default))
        }
    }

    public static func remove(_ members: [MemberRow]) -> BulkJob {
        plan(.removeMembers, members.map(\.member), id: \.id, email: \.email) { member in
            if member.isProtected { return .skip(protected(member)) }
            return .change(.removeMember(email: member.email, expecting: .member(id: member.id, role: member.role)))
        }
    }

    public static func approve(_ problems: [Problem]) -> BulkJob {
        plan(.approveRemovals, problems, id: \.id, email: \.email) { problem in
            guard problem.kind == .heldRemoval else {
                return .skip("\(problem.kind.words), not a held removal: retry (t) or dismiss (x)")
            }
            return .change(.approveProblem(id: problem.id))
        }
    }

    public static func retry(_ problems: [Problem]) -> BulkJob {
        plan(.retryProblems, problems, id: \.id, email: \.email) { problem in
            guard problem.kind != .heldRemoval else {
                return .skip("a held removal is approved (a) or dismissed (x), not retried")
            }
            return .change(.retryProblem(id: problem.id))
        }
    }

    public static func dismiss(_ problems: [Problem], reason: String) -> BulkJob {
        plan(.dismissProblems(reason: reason), problems, id: \.id, email: \.email) {
            .change(.dismissProblem(id: $0.id, reason: reason))
        }
    }

    public static func undo(_ removed: [RemovedMember]) -> BulkJob {
        plan(.undoRemovals, removed, id: { EmailAddress.key($0.email) }, email: \.email) {
            .change(.invite(email: $0.email, role: $0.role))
        }
    }

    /// Marked keys set `status` (`inactive` to stop them, `active` to start them again); keys already there, and
    /// expired or archived ones (which cannot change), are skipped.
    public static func setKeyStatus(_ keys: [KeyRow], to status: APIKey.Status) -> BulkJob {
        plan(.setKeyStatus(status), keys, id: \.key.id, email: \.label) { row in
            guard row.key.status == .active || row.key.status == .inactive else {
                return .skip("\(row.key.status.rawValue): an expired or archived key cannot change")
            }
            if row.key.status == status { return .skip("already \(status.rawValue)") }
            return .change(.setKeyStatus(row.key, to: status, creator: row.maker))
        }
    }

    /// Each row becomes an item or a named skip, in the rows' order.
    private static func plan<Row>(
        _ action: BulkJob.Action, _ rows: [Row], id: (Row) -> String, email: (Row) -> String, decide: (Row) -> Decision
    ) -> BulkJob {
        var items: [BulkItem] = []
        var skipped: [BulkResult] = []
        for row in rows {
            switch decide(row) {
            case .change(let effect): items.append(BulkItem(email: email(row), rowID: id(row), effect: effect))
            case .skip(let reason):
                skipped.append(BulkResult(email: email(row), rowID: id(row), outcome: .skipped, detail: reason))
            }
        }
        return BulkJob(action: action, items: items, skipped: skipped)
    }

    private static func protected(_ member: Member) -> String {
        "\(member.role.rawValue): admins and owners are protected"
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
}

extension Invite {
    /// The invite's state in one word at `date`: `expired` once past its expiry, else its status.
    func statusWord(at date: Date) -> String {
        isExpired(at: date) ? "expired" : status.rawValue
    }
}
