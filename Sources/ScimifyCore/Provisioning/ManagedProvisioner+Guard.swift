import Foundation

/// What a removal asked by the IdP did.
public enum IdPRemoval: Sendable, Equatable {
    /// Made (or nothing to remove), through the core.
    case removed(ProvisioningOutcome)
    /// Held by the mass-removal guard: the IdP gets its usual answer, Claude is untouched until approved.
    case held(HeldRemoval)
}

extension ManagedProvisioner {
    /// A removal the IdP asked for (SCIM DELETE or `active: false`): within the guard's limit it is made as
    /// ``deprovision(email:expecting:actor:record:)`` is; past it, it is held (audited as `removal.held`, the
    /// record saved as the IdP asked) and waits for an operator. Console and CLI removals are never held: a
    /// person confirmed them already. A dry-run instance sends nothing either way and is not counted.
    /// - Parameter beforeRemoval: runs once the guard let the removal through and before it is made (the
    ///   instance's offboarding of the person's API keys); never for a held removal.
    public func deprovisionFromIdP(
        email: String, actor: Actor, record: ScimRecord?, beforeRemoval: (@Sendable () async -> Void)? = nil
    ) async throws -> IdPRemoval {
        if instance.mode == .enforce, let removalGuard,
            case .held(let held) = try await removalGuard.admit(
                email: email, policy: instance.removalGuard, idpRequestID: actor.idpRequestID, now: now())
        {
            var audit = event(
                "removal.held", email: email, outcome: .ok, ProvisioningOutcome(change: .unchanged), actor: actor)
            audit.detail =
                held.reason + "; approve with `scimify problems approve \(held.id)` or dismiss to keep the person"
            try await recorder.record(
                audit, change: RecordedChange(email: email, outcome: nil, source: actor.source, record: record))
            return .held(held)
        }
        await beforeRemoval?()
        return .removed(try await deprovision(email: email, actor: actor, record: record))
    }

    /// The IdP made the person active again: a removal held for them is dropped (audited).
    public func cancelHeldRemoval(email: String, actor: Actor) async throws {
        guard let removalGuard, let held = try await removalGuard.cancel(email: email) else { return }
        var audit = event(
            "removal.cancelled", email: email, outcome: .ok, ProvisioningOutcome(change: .unchanged), actor: actor)
        audit.detail =
            "the IdP made \(SafeText.neutralized(email)) active again: the removal held since "
            + "\(RFC3339Text.format(held.heldAt)) is dropped"
        try await recorder.record(audit)
    }

    /// Removals held by the guard, oldest first.
    public func heldRemovals() async throws -> [HeldRemoval] {
        try await removalGuard?.heldRemovals() ?? []
    }

    /// An operator approves a held removal: it is made now through the core (audited), then cleared.
    /// - Parameter beforeRemoval: runs with the person's email once the approval is recorded and before the
    ///   removal is made (the instance's offboarding of their API keys, as for a removal the guard let through).
    public func approveHeldRemoval(
        id: String, actor: Actor, beforeRemoval: (@Sendable (String) async -> Void)? = nil
    ) async throws -> ProvisioningOutcome {
        guard let removalGuard, let held = try await removalGuard.heldRemovals().first(where: { $0.id == id }) else {
            throw ProvisioningError.unknownID("held removal", id)
        }
        var audit = event(
            "problem.approve", email: held.email, outcome: .ok, ProvisioningOutcome(change: .unchanged), actor: actor)
        audit.detail = "approved the removal held since \(RFC3339Text.format(held.heldAt))"
        try await recorder.record(audit)
        await beforeRemoval?(held.email)
        let outcome = try await deprovision(email: held.email, actor: actor)
        _ = try await removalGuard.take(id: id)
        return outcome
    }

    /// An operator dismisses a held removal: the person stays in Claude (audited with the reason).
    public func dismissHeldRemoval(id: String, reason: String, actor: Actor) async throws {
        guard let removalGuard, let held = try await removalGuard.take(id: id) else {
            throw ProvisioningError.unknownID("held removal", id)
        }
        var audit = event(
            "problem.dismiss", email: held.email, outcome: .ok, ProvisioningOutcome(change: .unchanged), actor: actor)
        audit.detail =
            "dismissed the removal held since \(RFC3339Text.format(held.heldAt)); the person stays in Claude"
            + (reason.isEmpty ? "" : ": " + SafeText.neutralized(reason))
        try await recorder.record(audit)
    }
}
