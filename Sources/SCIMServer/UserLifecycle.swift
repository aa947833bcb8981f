import Foundation
import Logging
import SCIMProtocol
import ScimifyCore
import ScimifyStorage

/// Maps SCIM lifecycle events onto the provisioning core (spec §14): create/reactivate -> invite, role
/// change -> update or cancel-and-reinvite, deactivate/delete -> remove or cancel, email change -> remove the
/// old address and invite the new one. The record travels with the core call, so the recorder saves it with
/// the audit row and the mirror in one transaction (the one write path). Whether a role is "unchanged" is
/// decided against Claude's state as the mirror holds it, never against the record's last value.
struct UserLifecycle {
    let provisioner: ManagedProvisioner
    let actor: ManagedProvisioner.Actor
    let logger: Logger
    /// The instance's offboarding of a person's API keys, run before the IdP's removal of them is made.
    let beforeRemoval: @Sendable (String) async -> Void

    /// Validates `claude_role`: `nil` when absent; `admin` and unknown roles are refused and audited.
    func role(of user: SCIMUser, action: String) async throws(SCIMError) -> ClaudeRole? {
        guard let text = user.claudeRole else { return nil }
        do {
            return try ClaudeRole.requested(text)
        } catch {
            let email = user.provisioningEmail ?? user.userName
            await provisioner.recordRefusal(action: action, email: email, error: error, actor: actor)
            let answer = SCIMError.invalidValue(error.message)
            log(error, answer: answer, email: email)
            throw answer
        }
    }

    /// Applies the change from `old` to `new` in Claude and saves `record` (already filled from `new`) with it.
    func apply(old: SCIMUser?, new: SCIMUser, role: ClaudeRole?, record: ScimRecord) async throws(SCIMError) {
        let oldEmail = old.flatMap { $0.active ? $0.provisioningEmail : nil }
        let newEmail = new.active ? new.provisioningEmail : nil
        let action = old == nil ? "scim.create" : "scim.update"
        do {
            switch (oldEmail, newEmail) {
            case (nil, nil):
                let why = new.active ? "has no email address to invite" : "is inactive"
                try await provisioner.recordWithoutCall(
                    action: action, email: record.email,
                    detail: "\(SafeText.quoted(new.userName)) \(why); stored, nothing sent to Claude", actor: actor,
                    record: record)
            case (let gone?, nil):
                let offboard = beforeRemoval
                if case .held(let held) = try await provisioner.deprovisionFromIdP(
                    email: gone, actor: actor, record: record, beforeRemoval: { await offboard(gone) })
                {
                    logger.warning(
                        "\(provisioner.instance.slug): \(SafeText.neutralized(gone)): \(held.reason) (problem \(held.id))"
                    )
                }
            case (nil, let email?):
                try await provisioner.cancelHeldRemoval(email: email, actor: actor)
                _ = try await provisioner.provision(email: email, role: role, actor: actor, record: record)
            case (let before?, let after?) where EmailAddress.key(before) != EmailAddress.key(after):
                _ = try await provisioner.deprovision(email: before, actor: actor)
                _ = try await provisioner.provision(email: after, role: role, actor: actor, record: record)
            case (_, let email?):
                try await keepRole(
                    email: email, requested: role, previous: old?.claudeRole, record: record, action: action)
            }
        } catch let error as ProvisioningError {
            let answer = Self.scimError(error)
            log(error, answer: answer, email: newEmail ?? oldEmail ?? record.email)
            throw answer
        } catch let error as SCIMError {
            throw error
        } catch let error as StoreError where error.isDuplicate {
            throw .uniqueness("userName \(SafeText.quoted(new.userName)) already exists")
        } catch {
            throw SCIMError(status: 503, detail: "the change was interrupted; try again", retryAfter: 5)
        }
    }

    /// An update of an active user with the same address: the IdP's role is asserted against Claude's state.
    /// A cleared role falls back to the default role (user); a user the IdP never gave a role keeps Claude's.
    private func keepRole(email: String, requested: ClaudeRole?, previous: String?, record: ScimRecord, action: String)
        async throws
    {
        guard let desired = requested ?? (previous == nil ? nil : .default) else {
            try await provisioner.recordWithoutCall(
                action: action, email: email, detail: "no role managed by the IdP; nothing sent to Claude",
                actor: actor, record: record)
            return
        }
        try await provisioner.setRoleUnlessUnchanged(
            email: email, role: desired, action: action, actor: actor, record: record)
    }

    /// One structured line per change the IdP is told did not happen: level, instance, the IdP's and
    /// Anthropic's request-ids, the outcome and the answer's status. Never a secret (errors carry none).
    private func log(_ error: ProvisioningError, answer: SCIMError, email: String) {
        let refused = answer.status == 400
        var metadata: Logger.Metadata = [
            "instance": "\(provisioner.instance.slug)",
            "outcome": "\(refused ? "refused" : error.kind == .rateLimited ? "rate_limited" : "unavailable")",
            "status": "\(answer.status)", "kind": "\(error.kind.rawValue)",
            "target": "\(SafeText.neutralized(email, limit: 320))",
        ]
        if let idp = actor.idpRequestID { metadata["idp_request_id"] = "\(SafeText.neutralized(idp, limit: 200))" }
        if !error.allRequestIDs.isEmpty { metadata["request_id"] = "\(error.allRequestIDs.joined(separator: ","))" }
        if let retry = answer.retryAfter { metadata["retry_after_s"] = "\(retry)" }
        let message: Logger.Message = "scim change not made: \(SafeText.neutralized(error.message, limit: 300))"
        if refused { logger.notice(message, metadata: metadata) } else { logger.warning(message, metadata: metadata) }
    }

    /// Refusals are 400 `invalidValue` with the core's words; throttling 429 and outages 503, both with
    /// `Retry-After`, so the IdP retries and never sees success for a change not made.
    static func scimError(_ error: ProvisioningError) -> SCIMError {
        let retry = Int((error.retryAfter ?? 30).rounded(.up))
        switch error.kind {
        case .rateLimited:
            return SCIMError(status: 429, detail: error.description, retryAfter: max(retry, 1))
        case .unavailable, .invalidResponse, .authentication, .permission:
            return SCIMError(status: 503, detail: error.description, retryAfter: max(retry, 1))
        case .invalidRole, .adminNotAssignable, .protectedMember, .invalidEmail, .ssoManagesMembers, .notFound,
            .rejected, .stale:
            return .invalidValue(error.description)
        }
    }
}
