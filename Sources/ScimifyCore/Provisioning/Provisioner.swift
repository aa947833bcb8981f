import Foundation

/// The provisioning core: the one place that turns "provision / change role / deprovision this email"
/// into Admin API calls, enforcing the rules of the design on every path (SCIM, console, CLI).
///
/// Changes to one email are serialized through the ``ChangeSerializer``; cancel-and-reinvite is
/// journaled through the ``IntentJournal`` when one is given.
public struct Provisioner: Sendable {
    /// What the caller does with a change's outcome while the email is still locked. The managed path records
    /// it there (audit row, record, mirror and the intent the outcome closes, in one transaction), so no other
    /// change, process or replica ever finds Claude changed and the store not yet. A throw leaves the intent
    /// open: a resume reads Claude again and records it.
    public typealias OutcomeCommit = @Sendable (ProvisioningOutcome) async throws -> Void

    private let api: any AdminAPIPort
    let serializer: any ChangeSerializer
    private let journal: (any IntentJournal)?
    /// Without a journal, a cancel-and-reinvite is refused before its first call instead of made unjournaled.
    let refusesUnjournaledReinvite: Bool
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - api: the Admin API.
    ///   - serializer: serializes changes per email; defaults to in-process serialization.
    ///   - journal: durable record of two-step changes; `nil` keeps nothing across a crash.
    ///   - refusesUnjournaledReinvite: with no journal, refuse a pending invite's role change (a
    ///     cancel-and-reinvite) before any call, so a crash can never leave the person without an invite and
    ///     without a trace (the CLI's explicit `--api-base-url` form); a dry-run's reads keep it `false`.
    ///   - now: the clock used to stamp intents.
    public init(
        api: any AdminAPIPort,
        serializer: any ChangeSerializer = InProcessChangeSerializer(),
        journal: (any IntentJournal)? = nil,
        refusesUnjournaledReinvite: Bool = false,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.api = api
        self.serializer = serializer
        self.journal = journal
        self.refusesUnjournaledReinvite = refusesUnjournaledReinvite
        self.now = now
    }

    /// Makes sure `email` belongs to the organization: a member stays, a pending invite stays, else an invite.
    ///
    /// An explicit `role` that differs from a provisionable current role is applied (to a member through the
    /// update API, to a pending invite by cancel-and-reinvite); an absent role never changes anything that exists.
    /// - Parameters:
    ///   - email: the address; compared case-insensitively.
    ///   - role: the requested role, or `nil` for "the default for new invites, leave existing ones alone".
    /// - Returns: what was done, with the member or invite the email now maps to.
    /// - Throws: ``ProvisioningError`` for refused roles, protected members and API failures.
    public func provision(email: String, role: ClaudeRole?, commit: OutcomeCommit? = nil) async throws
        -> ProvisioningOutcome
    {
        let email = try EmailAddress.validated(email)
        if let role { try Self.checkAssignable(role) }
        return try await serializer.withExclusiveAccess(to: EmailAddress.key(email)) {
            try await settle(traced { try await provisionLocked(email: email, role: role, trail: &$0) }, commit)
        }
    }

    /// Sets the role of a member, or of a pending invite by cancelling it and inviting again.
    /// - Parameters:
    ///   - email: the address; compared case-insensitively.
    ///   - role: the new role; must be provisionable.
    ///   - inviteIfMissing: invite with `role` when there is neither a member nor a pending invite
    ///     (the SCIM path for an active user whose invite expired); otherwise that is `.notFound`.
    ///   - expecting: what the operator saw; a different live state is refused as `.stale` with no write.
    ///   - commit: what to do with the outcome while the email is still locked (see ``OutcomeCommit``).
    /// - Returns: what was done.
    /// - Throws: ``ProvisioningError``.
    public func updateRole(
        email: String, role: ClaudeRole, inviteIfMissing: Bool = false, expecting: ExpectedState? = nil,
        commit: OutcomeCommit? = nil
    )
        async throws -> ProvisioningOutcome
    {
        let email = try EmailAddress.validated(email)
        try Self.checkAssignable(role)
        return try await serializer.withExclusiveAccess(to: EmailAddress.key(email)) {
            try await settle(
                traced { try await updateRoleLocked(email: email, role: role, inviteIfMissing, expecting, &$0) },
                commit)
        }
    }

    private func updateRoleLocked(
        email: String, role: ClaudeRole, _ inviteIfMissing: Bool, _ expecting: ExpectedState?,
        _ trail: inout CallTrail
    ) async throws -> ProvisioningOutcome {
        let member = try await api.findMember(email: email)
        trail.saw(member: member)
        if let member = member.value {
            try expecting?.check(email: email, member: member, pending: nil)
            return try await setMemberRole(member, to: role, trail: &trail)
        }
        let invites = try await api.findInvites(email: email)
        trail.saw(invites: invites)
        let pendingInvite = invites.value.first(where: { $0.status == .pending })
        try expecting?.check(email: email, member: nil, pending: pendingInvite)
        if let pending = pendingInvite {
            if pending.role == role {
                return trail.outcome(.unchanged, invite: pending)
            }
            return try await reinvite(pending, as: role, trail: &trail)
        }
        guard inviteIfMissing else { throw ProvisioningError.notFound(email: email) }
        return try await provisionLocked(email: email, role: role, trail: &trail)
    }

    /// Removes a member, or cancels a pending invite; succeeds when there is neither.
    /// - Parameters:
    ///   - email: the address; compared case-insensitively.
    ///   - expecting: what the operator saw; a different live state is refused as `.stale` with no write.
    /// - Returns: what was done.
    /// - Throws: ``ProvisioningError`` for protected members and API failures.
    public func deprovision(email: String, expecting: ExpectedState? = nil, commit: OutcomeCommit? = nil)
        async throws -> ProvisioningOutcome
    {
        let email = try EmailAddress.validated(email)
        return try await serializer.withExclusiveAccess(to: EmailAddress.key(email)) {
            try await settle(traced { try await deprovisionLocked(email: email, expecting, &$0) }, commit)
        }
    }

    private func deprovisionLocked(email: String, _ expecting: ExpectedState?, _ trail: inout CallTrail)
        async throws -> ProvisioningOutcome
    {
        let member = try await api.findMember(email: email)
        trail.saw(member: member)
        if let expecting, member.value != nil {
            try expecting.check(email: email, member: member.value, pending: nil)
        }
        if let member = member.value {
            if member.isProtected {
                throw ProvisioningError.protectedMember(email: member.email, role: member.role, action: "remove")
            }
            trail.add(try await api.removeMember(memberID: member.id).requestID)
            return trail.outcome(.memberRemoved, member: member)
        }
        let invites = try await api.findInvites(email: email)
        trail.saw(invites: invites)
        let pending = invites.value.filter { $0.status == .pending }
        try expecting?.check(email: email, member: nil, pending: pending.first)
        guard let first = pending.first else {
            return trail.outcome(.nothingToRemove)
        }
        for invite in pending {
            try await deleteInviteIfPresent(invite.id, trail: &trail)
        }
        return trail.outcome(.inviteCancelled, invite: first)
    }

    /// Refuses `admin` and every other role outside the provisionable set.
    /// - Throws: ``ProvisioningError`` `.adminNotAssignable` or `.invalidRole`.
    public static func checkAssignable(_ role: ClaudeRole) throws(ProvisioningError) {
        if role == .admin { throw .adminNotAssignable() }
        if !role.isProvisionable { throw .invalidRole(role.rawValue) }
    }

    // MARK: - Steps (called with the email's lock held)

    /// Runs one change's steps with a fresh ``CallTrail``; an error leaves with every request-id and finding the
    /// steps gathered before it, so its audit row names each write made and the mirror takes what Claude said.
    func traced(_ steps: (inout CallTrail) async throws -> ProvisioningOutcome) async throws
        -> ProvisioningOutcome
    {
        var trail = CallTrail()
        do {
            return try await steps(&trail)
        } catch let error as ProvisioningError {
            throw error.along(trail)
        }
    }

    /// Hands a finished change's outcome to `commit` while the lock is still held; without one, closes the
    /// intent the outcome ends (nothing else remembers it).
    func settle(_ outcome: ProvisioningOutcome, _ commit: OutcomeCommit?) async throws -> ProvisioningOutcome {
        if let commit {
            try await commit(outcome)
        } else if let id = outcome.closesIntentID {
            try await journal?.complete(intentID: id)
        }
        return outcome
    }

    /// Creates first and treats the API's `already_member` / `invite_already_exists` answers as the
    /// "exists" branches: one upstream call for a new user, same observable result as looking up first.
    private func provisionLocked(email: String, role: ClaudeRole?, trail: inout CallTrail) async throws
        -> ProvisioningOutcome
    {
        do {
            let invite = try await api.createInvite(email: email, role: role ?? .default)
            trail.add(invite.requestID)
            // Claude answers `already_member` for a member: a new invite says the email is not one (any more).
            trail.sawNoMember()
            return trail.outcome(.invited, invite: invite.value)
        } catch let error as ProvisioningError where error.errorCode == "already_member" {
            trail.add(error.requestID)
            return try await existingMember(email: email, role: role, trail: &trail, cause: error)
        } catch let error as ProvisioningError where error.errorCode == "invite_already_exists" {
            trail.add(error.requestID)
            let invites = try await api.findInvites(email: email)
            trail.saw(invites: invites)
            guard let pending = invites.value.first(where: { $0.status == .pending }) else {
                throw ProvisioningError(
                    kind: .invalidResponse,
                    message: "Claude reported a pending invite for \(SafeText.quoted(email)) but does not list one; "
                        + "try again",
                    requestID: error.requestID
                )
            }
            if let role, role != pending.role {
                return try await reinvite(pending, as: role, trail: &trail)
            }
            return trail.outcome(.alreadyInvited, invite: pending)
        } catch let error as ProvisioningError where error.kind == .ssoManagesMembers {
            // A JIT organization refuses every invite, but an existing member is provisioned all the same: the
            // IdP's create (an import, or the seed's Option B) links it and applies a different role through the
            // member update, as in an invite-only organization. Only someone who is not a member yet surfaces
            // the refusal (JIT adds them at their first SSO sign-in).
            trail.add(error.requestID)
            let member = try await api.findMember(email: email)
            trail.saw(member: member)
            guard let existing = member.value else { throw error.along(trail) }
            guard let role, role != existing.role else {
                return trail.outcome(.alreadyMember, member: existing)
            }
            return try await setMemberRole(existing, to: role, trail: &trail)
        }
    }

    private func existingMember(email: String, role: ClaudeRole?, trail: inout CallTrail, cause: ProvisioningError)
        async throws -> ProvisioningOutcome
    {
        let found = try await api.findMember(email: email)
        trail.saw(member: found)
        guard let member = found.value else {
            throw ProvisioningError(
                kind: .invalidResponse,
                message: "Claude reported \(SafeText.quoted(email)) as a member but does not list it; try again",
                requestID: cause.requestID
            )
        }
        guard let role, role != member.role else {
            return trail.outcome(.alreadyMember, member: member)
        }
        return try await setMemberRole(member, to: role, trail: &trail)
    }

    private func setMemberRole(_ member: Member, to role: ClaudeRole, trail: inout CallTrail) async throws
        -> ProvisioningOutcome
    {
        if member.isProtected {
            throw ProvisioningError.protectedMember(email: member.email, role: member.role, action: "change")
        }
        if member.role == role {
            return trail.outcome(.unchanged, member: member)
        }
        let updated = try await api.updateMemberRole(memberID: member.id, role: role)
        trail.add(updated.requestID)
        return trail.outcome(.roleUpdated(from: member.role, to: role), member: updated.value)
    }

    var clock: @Sendable () -> Date { now }
    var journalIfAny: (any IntentJournal)? { journal }
    var port: any AdminAPIPort { api }
    var changeSerializer: any ChangeSerializer { serializer }
}
