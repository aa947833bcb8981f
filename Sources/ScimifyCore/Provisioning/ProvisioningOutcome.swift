/// What a provisioning call did (or found already done), with the request-ids of the calls it made.
public struct ProvisioningOutcome: Sendable, Equatable {
    /// The observable change.
    public enum Change: Sendable, Equatable {
        /// A new invite was created.
        case invited
        /// The email already belonged to a member; nothing was changed.
        case alreadyMember
        /// A pending invite already existed with the requested role; nothing was changed.
        case alreadyInvited
        /// The member's role was changed.
        case roleUpdated(from: ClaudeRole, to: ClaudeRole)
        /// The pending invite was cancelled and a new one created with the new role.
        case reinvited(from: ClaudeRole, to: ClaudeRole)
        /// The role requested is the role already held; no upstream write was made.
        case unchanged
        /// The member was removed from the organization.
        case memberRemoved
        /// The pending invite was cancelled.
        case inviteCancelled
        /// Neither a member nor a pending invite existed; nothing to do.
        case nothingToRemove
    }

    public var change: Change
    /// The member the email maps to after the call, if it is a member.
    public var member: Member?
    /// The pending invite the email maps to after the call (or the one cancelled), if any.
    public var invite: Invite?
    /// `request-id`s of every Admin API response the call used, in order.
    public var requestIDs: [String]
    /// The journaled cancel-and-reinvite whose end state this outcome is: it stays open until the outcome is
    /// recorded, and the recorder closes it in the same transaction, so a crash between Claude's last write and
    /// the record leaves it open for a resume instead of leaving the store behind Claude.
    public var closesIntentID: String?
    /// What the call's lookups said of Claude's state before it wrote (see ``LiveFindings``).
    public var found: LiveFindings
    /// Writes a resumed intent found already made (by an earlier attempt whose answer may have died with its
    /// process, or in Claude), each naming its object: "the cancel of invite invite_…", "the invite invite_…".
    /// The resume's audit row lists them, so every write Claude applied is audited.
    public var doneEarlier: [String] = []

    public init(
        change: Change, member: Member? = nil, invite: Invite? = nil, requestIDs: [String] = [],
        closesIntentID: String? = nil, found: LiveFindings = LiveFindings()
    ) {
        self.change = change
        self.member = member
        self.invite = invite
        self.requestIDs = requestIDs
        self.closesIntentID = closesIntentID
        self.found = found
    }

    /// One sentence describing the outcome for an operator.
    public func summary(email: String) -> String {
        let who = SafeText.neutralized(email)
        switch change {
        case .invited: return "invited \(who) as \(invite?.role.rawValue ?? "?")"
        case .alreadyMember: return "\(who) is already a member (\(member?.role.rawValue ?? "?")); nothing changed"
        case .alreadyInvited:
            return "\(who) already has a pending invite (\(invite?.role.rawValue ?? "?")); nothing changed"
        case .roleUpdated(let from, let to): return "changed \(who) from \(from) to \(to)"
        case .reinvited(let from, let to): return "cancelled \(who)'s \(from) invite and re-invited as \(to)"
        case .unchanged: return "\(who) already has that role; nothing changed"
        case .memberRemoved: return "removed member \(who)"
        case .inviteCancelled: return "cancelled the pending invite of \(who)"
        case .nothingToRemove: return "\(who) is neither a member nor invited; nothing to remove"
        }
    }
}

extension ProvisioningOutcome.Change {
    /// A stable snake_case name for JSON output and audit rows.
    public var name: String {
        switch self {
        case .invited: "invited"
        case .alreadyMember: "already_member"
        case .alreadyInvited: "already_invited"
        case .roleUpdated: "role_updated"
        case .reinvited: "reinvited"
        case .unchanged: "unchanged"
        case .memberRemoved: "member_removed"
        case .inviteCancelled: "invite_cancelled"
        case .nothingToRemove: "nothing_to_remove"
        }
    }
}
