import Foundation

extension Provisioner {
    /// Cancels a pending invite and invites again with `role`: invites cannot be edited.
    ///
    /// The intent is journaled before the first step. If the API definitively refuses the cancel, nothing
    /// changed and the intent is cleared; if the outcome of a step is unknown (timeout, outage) the intent
    /// stays so ``resumeUnfinishedIntents()`` rolls it forward: the user ends with exactly one pending invite
    /// with the new role.
    func reinvite(_ pending: Invite, as role: ClaudeRole, ids: inout RequestIDs) async throws -> ProvisioningOutcome {
        let intent = ReinviteIntent(
            id: UUID().uuidString.lowercased(),
            email: pending.email,
            oldInviteID: pending.id,
            oldRole: pending.role,
            newRole: role,
            createdAt: clock()
        )
        try await journalIfAny?.begin(intent)
        do {
            try await deleteInviteIfPresent(pending.id, ids: &ids)
        } catch let error as ProvisioningError where error.changeCertainlyNotMade {
            try await journalIfAny?.complete(intentID: intent.id)  // the API said no: nothing changed
            throw error
        }
        let invite = try await ensurePendingInvite(email: pending.email, role: role, ids: &ids)
        try await journalIfAny?.complete(intentID: intent.id)
        return ProvisioningOutcome(change: .reinvited(from: pending.role, to: role), invite: invite, requestIDs: ids.all)
    }

    /// Deletes an invite, treating "already gone" (404) and "no longer pending" (400: it expired or was accepted
    /// meanwhile) as done; the next step then sees the real state.
    func deleteInviteIfPresent(_ inviteID: String, ids: inout RequestIDs) async throws {
        do {
            ids.add(try await port.deleteInvite(inviteID: inviteID).requestID)
        } catch let error as ProvisioningError where error.httpStatus == 404 || error.kind == .rejected {
            ids.add(error.requestID)
        }
    }

    /// Creates an invite with `role` unless a pending one with that role exists already.
    private func ensurePendingInvite(email: String, role: ClaudeRole, ids: inout RequestIDs) async throws -> Invite {
        do {
            let created = try await port.createInvite(email: email, role: role)
            ids.add(created.requestID)
            return created.value
        } catch let error as ProvisioningError where error.errorCode == "invite_already_exists" {
            ids.add(error.requestID)
            let invites = try await port.findInvites(email: email)
            ids.add(invites.requestID)
            if let same = invites.value.first(where: { $0.status == .pending && $0.role == role }) {
                return same
            }
            throw error
        }
    }

    /// Finishes every cancel-and-reinvite a previous process began and did not complete.
    ///
    /// For each intent: the old invite is cancelled if still pending, and a pending invite with the new role
    /// is created unless one exists (or the person became a member meanwhile, whose role is then set).
    /// Run this when a process opens the database, before serving changes.
    /// - Returns: the outcomes, one per intent resumed, with the intent's email.
    /// - Throws: the first error; intents not finished stay journaled for the next start.
    @discardableResult
    public func resumeUnfinishedIntents() async throws -> [(email: String, outcome: ProvisioningOutcome)] {
        guard let journal = journalIfAny else { return [] }
        var results: [(email: String, outcome: ProvisioningOutcome)] = []
        for intent in try await journal.unfinished() {
            let outcome = try await changeSerializer.withExclusiveAccess(to: EmailAddress.key(intent.email)) {
                // Another live process may have been in the middle of this very change and finished it while
                // we waited for the lock: only an intent still journaled now is really unfinished.
                guard try await journal.unfinished().contains(where: { $0.id == intent.id }) else {
                    return ProvisioningOutcome?.none
                }
                return try await resume(intent, journal: journal)
            }
            if let outcome { results.append((intent.email, outcome)) }
        }
        return results
    }

    private func resume(_ intent: ReinviteIntent, journal: any IntentJournal) async throws -> ProvisioningOutcome {
        var ids = RequestIDs()
        let member = try await port.findMember(email: intent.email)
        ids.add(member.requestID)
        if let member = member.value {
            // The old invite was accepted before it could be cancelled: apply the role to the member instead.
            let outcome =
                member.isProtected || member.role == intent.newRole
                ? ProvisioningOutcome(change: .alreadyMember, member: member, requestIDs: ids.all)
                : try await updateRoleForResume(member, role: intent.newRole, ids: &ids)
            try await journal.complete(intentID: intent.id)
            return outcome
        }
        let invites = try await port.findInvites(email: intent.email)
        ids.add(invites.requestID)
        let pending = invites.value.filter { $0.status == .pending }
        for invite in pending where invite.role != intent.newRole || invite.id == intent.oldInviteID {
            try await deleteInviteIfPresent(invite.id, ids: &ids)
        }
        let invite: Invite
        if let kept = pending.first(where: { $0.role == intent.newRole && $0.id != intent.oldInviteID }) {
            invite = kept
        } else {
            invite = try await ensurePendingInvite(email: intent.email, role: intent.newRole, ids: &ids)
        }
        try await journal.complete(intentID: intent.id)
        return ProvisioningOutcome(
            change: .reinvited(from: intent.oldRole, to: intent.newRole),
            invite: invite,
            requestIDs: ids.all
        )
    }

    private func updateRoleForResume(_ member: Member, role: ClaudeRole, ids: inout RequestIDs) async throws
        -> ProvisioningOutcome
    {
        let updated = try await port.updateMemberRole(memberID: member.id, role: role)
        ids.add(updated.requestID)
        return ProvisioningOutcome(
            change: .roleUpdated(from: member.role, to: role),
            member: updated.value,
            requestIDs: ids.all
        )
    }
}
