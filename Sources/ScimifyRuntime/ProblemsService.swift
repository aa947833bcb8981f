import Foundation
import ScimifyCore
import ScimifyStorage

extension InstanceRuntime {
    /// How far back the audit log is read for failed pushes.
    public static let failedPushWindow: TimeInterval = 7 * 86_400

    /// Every open problem of this instance, newest first: changes that need attention, removals held by the
    /// guard, and what follows from state (failed pushes, drift, expiring invites) unless dismissed. In a
    /// dry-run instance, Claude is expected to differ from what the IdP pushed: that drift is the plan that
    /// going live applies, counted by ``dryRunPlan(now:)``, not a problem yet.
    public func problems(now: Date = Date()) async throws -> [Problem] {
        try await problemsAndPlan(now: now, mirror: store.mirror(instanceID: instance.id)).problems
    }

    /// ``problems(now:)`` and, in a dry-run instance, how many people the IdP pushed whose change going live
    /// would apply, from one read of the store; `mirror` is the instance's mirror when the caller has read it.
    public func problemsAndPlan(now: Date = Date(), mirror: (members: [Member], invites: [Invite], refreshedAt: Date)?)
        async throws -> (problems: [Problem], dryRunPlan: Int)
    {
        let all = try await allProblems(now: now, mirror: mirror)
        guard instance.mode == .dryRun else { return (all, 0) }
        return (all.filter { $0.kind != .drift }, all.filter { $0.kind == .drift }.count)
    }

    private func allProblems(now: Date, mirror: (members: [Member], invites: [Invite], refreshedAt: Date)?) async throws
        -> [Problem]
    {
        let waiting = try await journal.needingAttention().map(Problem.init)
        let held = try await removalGuard.heldRemovals().map(Problem.init)
        let skip = Set((waiting + held).map { EmailAddress.key($0.email) })
        let found = ProblemFinder(now: now).find(
            records: try await store.orderedRecords(instanceID: instance.id), members: mirror?.members,
            invites: mirror?.invites ?? [],
            audit: try await store.auditEvents(
                instanceID: instance.id, since: now.addingTimeInterval(-Self.failedPushWindow), batchID: nil,
                limit: 10_000),
            skip: skip)
        let dismissed = try await store.dismissedProblemIDs(instanceID: instance.id)
        return (waiting + held + found.filter { !dismissed.contains($0.id) }).sorted { $0.since > $1.since }
    }

    /// Retries a problem through the core: a change that needs attention is resumed; a failed push, drift or
    /// an expiring invite re-applies the IdP's last word for that person. Audited as `problem.retry`.
    public func retryProblem(id: String, actor: ManagedProvisioner.Actor) async throws -> String {
        guard let problem = try await problems().first(where: { $0.id == id }) else {
            throw ProvisioningError.unknownID("open problem", id)
        }
        switch problem.kind {
        case .needsAttention:
            let report = try await provisioner.retryIntent(id: id, actor: actor)
            if let (_, reason) = report.needsAttention.first ?? report.deferred.first {
                throw ProvisioningError(kind: .rejected, message: "still not done: \(reason)")
            }
            return "retried the change of \(SafeText.neutralized(problem.email)): done"
        case .heldRemoval:
            throw ProvisioningError(kind: .rejected, message: "a held removal is approved or dismissed, not retried")
        case .survivingKeys:
            return try await retrySurvivingKeys(problem, actor: actor)
        case .failedPush, .drift, .expiring:
            return try await retryAndAudit(problem, actor: actor)
        }
    }

    /// Re-applies a failed push, drift or expiring invite through the core, then audits the retry with the
    /// real outcome (`problem.retry`, ok or failed, with the change's request-ids): a retry that fails is
    /// thrown to the caller (the CLI exits non-zero) and leaves the problem open.
    private func retryAndAudit(_ problem: Problem, actor: ManagedProvisioner.Actor) async throws -> String {
        let result: Result<ProvisioningOutcome, any Error>
        do {
            result = .success(try await reapply(problem, actor: actor))
        } catch {
            result = .failure(error)
        }
        let what = "retry of the \(problem.kind.words) problem \(problem.id)"
        var audit = AuditEvent(
            at: Date(), instanceID: instance.id, instanceSlug: instance.slug, actor: actor.name,
            action: ProblemFinder.retryAction, targetEmail: problem.email, outcome: .ok, detail: what,
            batchID: actor.batchID)
        switch result {
        case .success(let outcome):
            audit.requestIDs = outcome.requestIDs
            audit.outcome = instance.mode == .dryRun ? .dryRun : .ok
            audit.detail = "\(what): \(outcome.summary(email: problem.email))"
        case .failure(let error):
            let provisioning = error as? ProvisioningError
            audit.requestIDs = provisioning?.allRequestIDs ?? []
            audit.outcome = provisioning?.isRefusal == true ? .refused : .failed
            audit.detail = "\(what) not made: \(OperatorMessage.of(error))"
        }
        try? await provisioner.recordEvent(audit)
        return try result.get().summary(email: problem.email)
    }

    /// Dismisses a problem (keeps things as they are), audited with the reason.
    public func dismissProblem(id: String, reason: String, actor: ManagedProvisioner.Actor) async throws {
        if try await removalGuard.heldRemovals().contains(where: { $0.id == id }) {
            return try await provisioner.dismissHeldRemoval(id: id, reason: reason, actor: actor)
        }
        if try await journal.needingAttention().contains(where: { $0.intent.id == id }) {
            return try await provisioner.dismissIntent(id: id, reason: reason, actor: actor)
        }
        guard let problem = try await problems().first(where: { $0.id == id }) else {
            throw ProvisioningError.unknownID("open problem", id)
        }
        let audit = AuditEvent(
            at: Date(), instanceID: instance.id, instanceSlug: instance.slug, actor: actor.name,
            action: "problem.dismiss",
            targetEmail: problem.email, outcome: .ok,
            detail: "dismissed the \(problem.kind.words) problem (\(problem.cause))"
                + (reason.isEmpty ? "" : ": " + SafeText.neutralized(reason)),
            batchID: actor.batchID)
        try await store.dismissProblem(instanceID: instance.id, id: id, reason: reason, audit: audit)
    }

    /// What a retry sends through the core: a failed push re-sends what the IdP asked (``RequestedChange``),
    /// saving the record as the IdP asked when the push carried it; drift applies the IdP's last word
    /// (inactive -> removed; active with a role -> that role, a missing invite sent again; active without one
    /// -> provisioned); an expiring invite is cancelled and sent again with the same role. A removal runs the
    /// instance's key offboarding first, as the IdP's own removal does.
    private func reapply(_ problem: Problem, actor: ManagedProvisioner.Actor) async throws -> ProvisioningOutcome {
        let record = try await store.record(instanceID: instance.id, email: problem.email)
        if problem.kind == .failedPush {
            guard let requested = problem.requested else {
                throw ProvisioningError(
                    kind: .rejected,
                    message: "the IdP's request was refused before any call to Claude, so there is nothing to "
                        + "re-send; correct it in the IdP and let it push again, or dismiss the problem")
            }
            let saved = requested.updatesRecord ? record.map { requested.applied(to: $0, at: Date()) } : nil
            return try await send(requested.action, email: record?.email ?? problem.email, record: saved, actor: actor)
        }
        guard let record else {
            throw ProvisioningError(
                kind: .notFound,
                message: "the IdP's request left no record of \(SafeText.quoted(problem.email)); let the IdP push again"
            )
        }
        let email = record.email
        if problem.kind == .expiring,
            let pending = try await store.claudeState(instanceID: instance.id, email: email, now: Date()),
            pending.kind == .pendingInvite
        {
            return try await provisioner.resendInvite(
                email: email, inviteID: pending.id, role: pending.role, actor: actor)
        }
        guard record.active else { return try await send(.remove, email: email, record: nil, actor: actor) }
        return try await send(
            record.requestedRole.map { .setRole($0) } ?? .provision(nil), email: email, record: nil, actor: actor)
    }

    private func send(
        _ action: RequestedChange.Action, email: String, record: ScimRecord?, actor: ManagedProvisioner.Actor
    ) async throws -> ProvisioningOutcome {
        switch action {
        case .provision(let role):
            return try await provisioner.provision(email: email, role: role, actor: actor, record: record)
        case .setRole(let role):
            return try await provisioner.updateRole(
                email: email, role: role, inviteIfMissing: true, actor: actor, record: record)
        case .remove:
            let noKeyLeft = await offboardKeysBeforeRemoval(email: email, actor: actor)
            let outcome = try await provisioner.deprovision(email: email, actor: actor, record: record)
            if noKeyLeft, instance.mode == .enforce {
                // Closes a key check that failed with the IdP's removal (the outage that failed the push).
                try? await auditNoKeyLeft(email: email, actor: actor)
            }
            return outcome
        }
    }
}
