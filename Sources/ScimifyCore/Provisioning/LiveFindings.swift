/// What the core learned of Claude's state of one email while it acted, whatever the change then did or
/// whether it failed: a lookup that found no member, the member it found, the invites Claude listed. It is
/// part of the outcome (and of the error) the recorder writes, so the mirror takes what Claude just said in the
/// change's own transaction instead of keeping a person Claude no longer has until the next refresh.
public struct LiveFindings: Sendable, Equatable {
    /// Claude was asked for a member with the email and listed none.
    public var noMember = false
    /// The member Claude listed for the email (before this change wrote anything).
    public var member: Member?
    /// The email's invites as Claude listed them (every status), when the change read them.
    public var invites: [Invite]?

    public init(noMember: Bool = false, member: Member? = nil, invites: [Invite]? = nil) {
        self.noMember = noMember
        self.member = member
        self.invites = invites
    }
}

/// What one provisioning call gathered as it went: the request-ids of every answer it used, in order, and what
/// those answers said of Claude's state, so its outcome, or its error, carries both.
struct CallTrail: Sendable {
    private(set) var ids: [String] = []
    private(set) var found = LiveFindings()

    mutating func add(_ id: String?) {
        if let id, !id.isEmpty { ids.append(id) }
    }

    /// A member lookup answered: `member`, or none.
    mutating func saw(member: Traced<Member?>) {
        add(member.requestID)
        if let value = member.value {
            found.member = value
            found.noMember = false
        } else {
            found.noMember = true
        }
    }

    /// An answer said the email is not a member (an invite was created for it).
    mutating func sawNoMember() {
        found.member = nil
        found.noMember = true
    }

    /// An invite lookup answered with the email's invites.
    mutating func saw(invites: Traced<[Invite]>) {
        add(invites.requestID)
        found.invites = invites.value
    }

    /// The outcome of the call, with every request-id and finding gathered so far.
    func outcome(_ change: ProvisioningOutcome.Change, member: Member? = nil, invite: Invite? = nil)
        -> ProvisioningOutcome
    {
        ProvisioningOutcome(change: change, member: member, invite: invite, requestIDs: ids, found: found)
    }
}
