import Foundation

/// How resuming one journaled intent ended.
public enum IntentResumption: Sendable {
    /// The change was finished (or found finished): exactly one pending invite with the new role, or the member's role.
    case finished(ProvisioningOutcome)
    /// A newer change to the email was recorded after the intent began: it was closed without any write. The
    /// outcome carries the step ids the intent holds and, from one read of the email's invites, the cancel of
    /// the old invite when an earlier attempt made it (``ProvisioningOutcome/doneEarlier``), so it is audited.
    case superseded(ProvisioningOutcome)
    /// A step was refused (a rule or a non-retryable 4xx): the intent waits for an operator, never replayed.
    case needsAttention(ProvisioningError)
    /// The outcome is still unknown (outage, throttling, credentials): the intent stays open for the next try.
    case deferred(ProvisioningError)
}

extension Provisioner {
    /// Finishes every cancel-and-reinvite a previous process began and did not complete, one email at a time.
    ///
    /// For each intent, under the email's lock: if a newer change to the email was recorded since the intent
    /// began, it is closed as superseded; otherwise the live state is read, the old invite is cancelled if still
    /// pending, and a pending invite with the new role is created unless one exists (or the person became a
    /// member meanwhile, whose role is then set). One intent's failure never stops the others.
    /// - Parameter commit: records a finished intent's outcome (which closes it) while its email is still locked;
    ///   without one the intent is closed in the journal alone. A throw leaves it open for the next pass.
    /// - Returns: one result per intent that was still open when its lock was taken.
    /// - Throws: only when the journal itself cannot be read.
    @discardableResult
    public func resumeUnfinishedIntents(
        commit: (@Sendable (ReinviteIntent, ProvisioningOutcome) async throws -> Void)? = nil
    ) async throws -> [(intent: ReinviteIntent, result: IntentResumption)] {
        guard let journal = journalIfAny else { return [] }
        var results: [(intent: ReinviteIntent, result: IntentResumption)] = []
        for intent in try await journal.unfinished() {
            let result: IntentResumption?
            do {
                result = try await changeSerializer.withExclusiveAccess(to: EmailAddress.key(intent.email)) {
                    // Another live process may have finished this very change while we waited for the lock:
                    // only an intent still open now is really unfinished.
                    guard try await journal.unfinished().contains(where: { $0.id == intent.id }) else {
                        return IntentResumption?.none
                    }
                    if try await journal.generation(of: intent.email) > intent.generation {
                        let outcome = await supersededOutcome(intent)
                        try await journal.complete(intentID: intent.id)
                        return .superseded(outcome)
                    }
                    return try await resumeLocked(intent, journal: journal, commit: commit)
                }
            } catch let error as ProvisioningError {
                result = .deferred(error)
            }
            if let result { results.append((intent, result)) }
        }
        return results
    }

    /// What a superseded intent leaves for the audit log: its step ids and, when one read of the email's
    /// invites shows the old invite gone, its cancel (an earlier attempt's, whose answer may have been lost).
    private func supersededOutcome(_ intent: ReinviteIntent) async -> ProvisioningOutcome {
        var trail = CallTrail()
        for id in intent.stepRequestIDs { trail.add(id) }
        var outcome = trail.outcome(.unchanged)
        if let invites = try? await port.findInvites(email: intent.email) {
            outcome.requestIDs += [invites.requestID].compactMap { $0 }
            if !invites.value.contains(where: { $0.id == intent.oldInviteID && $0.status == .pending }) {
                outcome.doneEarlier = ["the cancel of invite \(intent.oldInviteID)"]
            }
        }
        return outcome
    }

    private func resumeLocked(
        _ intent: ReinviteIntent, journal: any IntentJournal,
        commit: (@Sendable (ReinviteIntent, ProvisioningOutcome) async throws -> Void)?
    ) async throws -> IntentResumption {
        var trail = CallTrail()
        do {
            var outcome = try await rollForward(intent, trail: &trail)
            outcome.closesIntentID = intent.id
            if let commit {
                try await commit(intent, outcome)
            } else {
                try await journal.complete(intentID: intent.id)
            }
            return .finished(outcome)
        } catch let error as ProvisioningError
            where error.isRefusal
            || (error.changeCertainlyNotMade && error.kind != .authentication && error.kind != .permission)
        {
            let full = error.along(trail)
            try await journal.markNeedsAttention(
                intentID: intent.id, reason: full.message, requestIDs: full.allRequestIDs)
            return .needsAttention(full)
        } catch let error as ProvisioningError {
            return .deferred(error.along(trail))
        }
    }

    /// Reads the live state and brings it to the intent's end state.
    /// Every write it finds already made (the cancel of the old invite, a pending invite with the new role) is
    /// named in the outcome's ``ProvisioningOutcome/doneEarlier``: an earlier attempt whose answer died with
    /// its process made it, or someone in Claude did; either way the audit row names it. The ids of the steps
    /// whose answers arrived before (``ReinviteIntent/stepRequestIDs``) come first in the outcome's ids.
    private func rollForward(_ intent: ReinviteIntent, trail: inout CallTrail) async throws -> ProvisioningOutcome {
        for id in intent.stepRequestIDs { trail.add(id) }
        let member = try await port.findMember(email: intent.email)
        trail.saw(member: member)
        if let member = member.value {
            // The old invite was accepted before it could be cancelled: apply the role to the member instead.
            if member.isProtected || member.role == intent.newRole {
                return trail.outcome(.alreadyMember, member: member)
            }
            let updated = try await port.updateMemberRole(memberID: member.id, role: intent.newRole)
            trail.add(updated.requestID)
            return trail.outcome(.roleUpdated(from: member.role, to: intent.newRole), member: updated.value)
        }
        let invites = try await port.findInvites(email: intent.email)
        trail.saw(invites: invites)
        let pending = invites.value.filter { $0.status == .pending }
        var doneEarlier: [String] = []
        if !pending.contains(where: { $0.id == intent.oldInviteID }) {
            doneEarlier.append("the cancel of invite \(intent.oldInviteID)")
        }
        for invite in pending where invite.role != intent.newRole || invite.id == intent.oldInviteID {
            try await deleteInviteIfPresent(invite.id, trail: &trail)
            await journalStep(intent.id, trail)
        }
        let invite: Invite
        if let kept = pending.first(where: { $0.role == intent.newRole && $0.id != intent.oldInviteID }) {
            invite = kept
            doneEarlier.append("the \(kept.role) invite \(kept.id)")
        } else {
            invite = try await ensurePendingInvite(email: intent.email, role: intent.newRole, trail: &trail)
            await journalStep(intent.id, trail)
        }
        var outcome = trail.outcome(.reinvited(from: intent.oldRole, to: intent.newRole), invite: invite)
        outcome.doneEarlier = doneEarlier
        return outcome
    }
}
