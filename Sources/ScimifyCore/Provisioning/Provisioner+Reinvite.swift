import Foundation

extension Provisioner {
    /// Sends the pending invite `inviteID` again with its role (an invite about to expire): the same journaled
    /// cancel-and-reinvite as a role change, so a crash between the two steps is rolled forward by the resume
    /// and never leaves the person without an invite. Refused as `.stale` with no write when Claude no longer
    /// has that invite with that role (accepted, cancelled, or changed since the operator looked).
    public func resendInvite(email: String, inviteID: String, role: ClaudeRole, commit: OutcomeCommit? = nil)
        async throws -> ProvisioningOutcome
    {
        let email = try EmailAddress.validated(email)
        try Self.checkAssignable(role)
        return try await serializer.withExclusiveAccess(to: EmailAddress.key(email)) {
            try await settle(
                traced { trail in
                    let member = try await port.findMember(email: email)
                    trail.saw(member: member)
                    let invites = member.value == nil ? try await port.findInvites(email: email) : nil
                    if let invites { trail.saw(invites: invites) }
                    let pending = invites?.value.first { $0.status == .pending }
                    let expected = ExpectedState.pendingInvite(id: inviteID, role: role)
                    guard member.value == nil, let pending else {
                        try expected.check(email: email, member: member.value, pending: nil)
                        throw ProvisioningError.notFound(email: email)
                    }
                    try expected.check(email: email, member: nil, pending: pending)
                    return try await reinvite(pending, as: role, trail: &trail)
                }, commit)
        }
    }

    /// Cancels a pending invite and invites again with `role`: invites cannot be edited.
    ///
    /// First a probe asks Claude to invite the email with the new role, so an organization that refuses
    /// invites (SSO/JIT) is found *before* the cancel and the invite stays as it was. The intent is journaled
    /// before the cancel. If the API definitively refuses the cancel, nothing changed and the intent is cleared;
    /// if the new invite is refused after the cancel, the intent ends as *needs attention* (never replayed) and
    /// the error names every request-id; if the outcome of a step is unknown (timeout, outage) the intent stays
    /// open so ``resumeUnfinishedIntents()`` rolls it forward.
    func reinvite(_ pending: Invite, as role: ClaudeRole, trail: inout CallTrail) async throws -> ProvisioningOutcome {
        if journalIfAny == nil, refusesUnjournaledReinvite {
            throw ProvisioningError(
                kind: .rejected,
                message: "the \(pending.role) invite of \(SafeText.quoted(pending.email)) can change role only by a "
                    + "cancel and a new invite, which Scimify journals so a crash between the two is finished later; "
                    + "this connection keeps no journal (an explicit --api-base-url), so nothing was changed. Add the "
                    + "organization with `scimify instances add` and change the role through it"
            ).along(trail)
        }
        if let created = try await probeInviteCreation(email: pending.email, role: role, trail: &trail) {
            // The API accepted a second invite (not what the documentation describes, but the end state we want):
            // keep the new one and cancel the old.
            try await deleteInviteIfPresent(pending.id, trail: &trail)
            return trail.outcome(.reinvited(from: pending.role, to: role), invite: created)
        }
        let intent = ReinviteIntent(
            id: UUID().uuidString.lowercased(),
            email: pending.email,
            oldInviteID: pending.id,
            oldRole: pending.role,
            newRole: role,
            createdAt: clock(),
            generation: try await journalIfAny?.generation(of: pending.email) ?? 0
        )
        try await journalIfAny?.begin(intent)
        do {
            try await deleteInviteIfPresent(pending.id, trail: &trail)
        } catch let error as ProvisioningError where error.changeCertainlyNotMade {
            try await journalIfAny?.complete(intentID: intent.id)  // the API said no: nothing changed
            throw error
        }
        await journalStep(intent.id, trail)
        let invite: Invite
        do {
            invite = try await ensurePendingInvite(email: pending.email, role: role, trail: &trail)
            await journalStep(intent.id, trail)
        } catch var error as ProvisioningError where error.isRefusal || error.changeCertainlyNotMade {
            error = Self.leftWithoutInvite(error, pending: pending, role: role, trail: trail)
            try await journalIfAny?.markNeedsAttention(
                intentID: intent.id, reason: error.message, requestIDs: error.allRequestIDs)
            throw error
        }
        // The intent is closed when this outcome is recorded (``settle(_:_:)``), never before.
        var outcome = trail.outcome(.reinvited(from: pending.role, to: role), invite: invite)
        outcome.closesIntentID = journalIfAny == nil ? nil : intent.id
        return outcome
    }

    /// Asks Claude to invite `email` with `role` while its pending invite still exists. An invite-only
    /// organization answers `invite_already_exists` (or `already_member`) and creates nothing: invites can be
    /// created. An SSO/JIT organization answers with its refusal, which is thrown before anything changed.
    /// One call on a rare operation; not cached, since an admin may flip Claude's provisioning mode at any time.
    /// UNVERIFIED: the order in which Claude checks "pending invite exists" and "SSO manages members"; if it
    /// checked the pending invite first, the probe passes and a refused re-invite ends as *needs attention*.
    /// - Returns: the invite when the API unexpectedly created one.
    private func probeInviteCreation(email: String, role: ClaudeRole, trail: inout CallTrail) async throws -> Invite? {
        do {
            let created = try await port.createInvite(email: email, role: role)
            trail.add(created.requestID)
            return created.value
        } catch let error as ProvisioningError
            where error.errorCode == "invite_already_exists" || error.errorCode == "already_member"
        {
            trail.add(error.requestID)
            return nil
        } catch let error as ProvisioningError where error.kind == .ssoManagesMembers {
            throw ProvisioningError(
                kind: .ssoManagesMembers,
                message: "the role of \(SafeText.quoted(email))'s pending invite cannot be changed: Claude refuses new "
                    + "invites, so the invite was left as it was (\(SafeText.neutralized(error.message))). "
                    + ProvisioningError.ssoRemedyMessage,
                requestID: error.requestID, httpStatus: error.httpStatus, errorCode: error.errorCode
            ).along(trail)
        }
    }

    private static func leftWithoutInvite(
        _ error: ProvisioningError, pending: Invite, role: ClaudeRole, trail: CallTrail
    )
        -> ProvisioningError
    {
        let remedy = error.kind == .ssoManagesMembers ? " " + ProvisioningError.ssoRemedyMessage : ""
        return ProvisioningError(
            kind: error.kind,
            message:
                "\(SafeText.quoted(pending.email))'s \(pending.role) invite was cancelled, but Claude refused the new "
                + "\(role) invite: \(SafeText.neutralized(error.message)). The person has no invite now; this needs "
                + "attention (scimify problems list).\(remedy)",
            requestID: error.requestID, httpStatus: error.httpStatus, errorCode: error.errorCode
        ).along(trail)
    }

    /// Deletes an invite, treating "already gone" (404) and "no longer pending" (400: it expired or was accepted
    /// meanwhile) as done; the next step then sees the real state.
    /// Records the request-id of the step that just answered (the trail's last) in the open intent at once, so a
    /// process that dies before the change is recorded leaves it for the resume to audit. A journal that cannot
    /// take it does not stop the change: the change's own audit row lists every id when it is recorded.
    func journalStep(_ intentID: String, _ trail: CallTrail) async {
        guard let journal = journalIfAny, let last = trail.ids.last else { return }
        try? await journal.recordStep(intentID: intentID, requestID: last)
    }

    func deleteInviteIfPresent(_ inviteID: String, trail: inout CallTrail) async throws {
        do {
            trail.add(try await port.deleteInvite(inviteID: inviteID).requestID)
        } catch let error as ProvisioningError where error.httpStatus == 404 || error.kind == .rejected {
            trail.add(error.requestID)
        }
    }

    /// Creates an invite with `role` unless a pending one with that role exists already.
    func ensurePendingInvite(email: String, role: ClaudeRole, trail: inout CallTrail) async throws -> Invite {
        do {
            let created = try await port.createInvite(email: email, role: role)
            trail.add(created.requestID)
            return created.value
        } catch let error as ProvisioningError where error.errorCode == "invite_already_exists" {
            trail.add(error.requestID)
            let invites = try await port.findInvites(email: email)
            trail.saw(invites: invites)
            if let same = invites.value.first(where: { $0.status == .pending && $0.role == role }) {
                return same
            }
            throw error.along(trail)
        }
    }
}

extension ProvisioningError {
    /// This error with the request-ids of the steps that succeeded before it.
    func withEarlier(_ ids: [String]) -> ProvisioningError {
        var copy = self
        copy.earlierRequestIDs = ids.filter { $0 != requestID }
        return copy
    }

    /// This error with everything its change gathered before it: each earlier request-id (kept once, in order)
    /// and what Claude's answers said (``found``).
    func along(_ trail: CallTrail) -> ProvisioningError {
        var copy = self
        var seen = Set<String>()
        copy.earlierRequestIDs = (trail.ids + earlierRequestIDs).filter { $0 != requestID && seen.insert($0).inserted }
        copy.found = trail.found
        return copy
    }
}
