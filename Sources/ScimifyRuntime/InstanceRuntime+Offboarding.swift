import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyStorage

extension InstanceRuntime {
    /// What the instance's offboarding policy does with the API keys of a member the IdP is removing, run
    /// before the removal is made (Console organizations, spec §15):
    /// - `deactivate`: every active key the person created is set inactive (``KeyOffboarding``), each audited;
    /// - `report` (default): the active keys that will keep working after the removal are audited as
    ///   `offboarding.keys_survive`; once the person is gone they are orphans that readiness warns about and
    ///   `scimify keys list --orphaned` lists.
    ///
    /// Never throws and never stops the removal: a person the IdP removes must lose access even when the key
    /// endpoints cannot be read (an Enterprise organization has none) or a key cannot be changed; that is
    /// audited as failed instead, so an operator sees it.
    /// - Returns: whether the check ran and found no active key of the person (not a member, or no key left
    ///   active): a retried removal then closes an earlier failed check.
    @discardableResult
    public func offboardKeysBeforeRemoval(email: String, actor: ManagedProvisioner.Actor) async -> Bool {
        let store = store
        var userID: String?
        do {
            // The mirror knows most members; someone who joined since the last refresh is looked up live, so
            // the policy is never skipped for want of a refresh (a failed lookup is audited below).
            let mirrored = try? await store.claudeState(instanceID: instance.id, email: email, now: Date())
            let member: Member
            if let mirrored, mirrored.kind == .member {
                member = Member(id: mirrored.id, email: email, name: "", role: mirrored.role, addedAt: Date())
            } else if let live = try await client.findMember(email: email).value {
                member = live
            } else {
                return true  // not a member: a pending invite holds no keys
            }
            guard ClaudeRole.provisionable.contains(member.role) else { return false }
            userID = member.id
            switch instance.offboardingKeys {
            case .deactivate:
                let report = try await keyOffboarding(actor: actor).deactivateKeys(of: member)
                return report.deactivated.isEmpty && report.wouldDeactivate.isEmpty
            case .report:
                let listed = try await client.listAPIKeys(createdByUserID: member.id, status: .active)
                let surviving = listed.value.filter { $0.survivesRemoval(of: member.id) }
                guard !surviving.isEmpty else { return true }
                try? await recorder.record(
                    event(
                        "offboarding.keys_survive", email: email, actor: actor, outcome: .ok,
                        requestIDs: listed.requestID.map { [$0] } ?? [],
                        detail:
                            "\(surviving.count) active key(s) created by \(SafeText.neutralized(email)) survive the "
                            + "removal: " + surviving.map(Self.describe).joined(separator: ", ")
                            + "; stop one with `scimify keys deactivate ID` " + Self.userNote(member.id)))
                return false
            }
        } catch let error as ProvisioningError where instance.offboardingKeys == .report && error.meansNoKeyEndpoints {
            // An Enterprise organization has no key endpoints, so no key can outlive the removal through them:
            // recorded as information, not as a failure that would raise a problem on every removal.
            try? await recorder.record(
                event(
                    "offboarding.keys_unavailable", email: email, actor: actor, outcome: .ok,
                    requestIDs: error.allRequestIDs,
                    detail: "API keys not checked: the organization has no key endpoints (an Enterprise "
                        + "organization has none): \(error.message)"))
            return true
        } catch {
            try? await recorder.record(
                event(
                    "offboarding.keys", email: email, actor: actor, outcome: .failed,
                    requestIDs: (error as? ProvisioningError)?.allRequestIDs ?? [],
                    detail:
                        "the API keys of \(SafeText.neutralized(email)) were not \(instance.offboardingKeys == .deactivate ? "deactivated" : "checked"): "
                        + OperatorMessage.of(error)
                        + "; the removal was attempted regardless (its own audit row says whether it was made)"
                        + (userID.map { " " + Self.userNote($0) } ?? "")))
            return false
        }
    }

    /// Approves a removal the mass-removal guard held: the instance's key policy runs first, as for a removal
    /// the guard let through (the console's and the CLI's approve both come here).
    public func approveHeldRemoval(id: String, actor: ManagedProvisioner.Actor) async throws -> ProvisioningOutcome {
        try await provisioner.approveHeldRemoval(id: id, actor: actor) { email in
            await self.offboardKeysBeforeRemoval(email: email, actor: actor)
        }
    }

    /// Retries a surviving-keys problem: every active key the removed person created is set inactive (each
    /// audited); when none is left active, that is audited too, so the problem closes either way.
    func retrySurvivingKeys(_ problem: Problem, actor: ManagedProvisioner.Actor) async throws -> String {
        guard let userID = Self.userID(inNote: problem.cause) else {
            throw ProvisioningError(
                kind: .rejected,
                message: "this problem does not name the removed person's user id; use `scimify keys list --orphaned`")
        }
        let member = Member(id: userID, email: problem.email, name: "", role: .user, addedAt: Date())
        let report = try await keyOffboarding(actor: actor).deactivateKeys(of: member)
        if report.deactivated.isEmpty, report.wouldDeactivate.isEmpty {
            try await auditNoKeyLeft(email: problem.email, actor: actor)
        }
        return report.summary(email: problem.email)
    }

    /// Audits that no active key of `email` is left (`offboarding.keys_done`), which closes a surviving-keys
    /// problem: after a retry found none, or after a retried removal whose key check now passed.
    func auditNoKeyLeft(email: String, actor: ManagedProvisioner.Actor) async throws {
        try await recorder.record(
            event(
                "offboarding.keys_done", email: email, actor: actor, outcome: .ok, requestIDs: [],
                detail: "no active key created by \(SafeText.neutralized(email)) is left"))
    }

    /// Key deactivation on this instance as `actor` (its mode decides dry-run; each key audited through the
    /// instance's recorder, the one write path, with the actor's IdP request id and batch id).
    public func keyOffboarding(actor: ManagedProvisioner.Actor) -> KeyOffboarding {
        let recorder = recorder
        var offboarding = KeyOffboarding(
            client: client, instance: instance, actor: actor.name, audit: { try? await recorder.record($0) })
        offboarding.idpRequestID = actor.idpRequestID
        offboarding.batchID = actor.batchID
        return offboarding
    }

    /// *Remove and deactivate those keys* (the console's remove dialog, single or one bulk item): every active
    /// key the member created set inactive, then the removal through the provisioning core. Refused before any
    /// key is touched when the member is protected or no longer what the operator saw; when a key cannot be
    /// changed the member is not removed (the operator asked for both).
    public func removeDeactivatingKeys(email: String, expecting: ExpectedState?, actor: ManagedProvisioner.Actor)
        async throws -> (keys: KeyOffboarding.Report?, outcome: ProvisioningOutcome)
    {
        let keys = try await keyOffboarding(actor: actor).deactivateKeysBeforeRemoving(
            email: email, expecting: expecting)
        let outcome = try await provisioner.deprovision(email: email, expecting: expecting, actor: actor)
        return (keys, outcome)
    }

    /// The removed person's user id in an audit detail (`[user ID]`), for a later retry.
    static func userNote(_ userID: String) -> String { "[user \(userID)]" }

    static func userID(inNote detail: String) -> String? {
        guard let start = detail.range(of: "[user ", options: .backwards),
            let end = detail[start.upperBound...].firstIndex(of: "]")
        else { return nil }
        let id = String(detail[start.upperBound..<end])
        return id.isEmpty ? nil : id
    }

    private func event(
        _ action: String, email: String, actor: ManagedProvisioner.Actor, outcome: AuditEvent.Outcome,
        requestIDs: [String], detail: String
    ) -> AuditEvent {
        AuditEvent(
            at: Date(), instanceID: instance.id, instanceSlug: instance.slug, actor: actor.name, action: action,
            targetEmail: email, outcome: outcome, requestIDs: requestIDs, detail: detail,
            idpRequestID: actor.idpRequestID)
    }

    private static func describe(_ key: APIKey) -> String {
        "\(SafeText.neutralized(key.name, limit: 60)) (\(key.id), \(key.hint ?? "no hint"))"
    }
}
