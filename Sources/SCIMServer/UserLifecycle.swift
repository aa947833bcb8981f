import SCIMProtocol
import ScimifyCore

/// Maps SCIM lifecycle events onto the provisioning core (spec §14): create/reactivate -> invite, role
/// change -> update or cancel-and-reinvite, deactivate/delete -> remove or cancel, email change -> remove the
/// old address and invite the new one. Only changes that touch the organization call upstream.
struct UserLifecycle {
    /// The member or invite a record maps to.
    struct Links: Sendable, Equatable {
        var memberID: String?
        var inviteID: String?

        static let none = Links(memberID: nil, inviteID: nil)
    }

    let provisioner: ManagedProvisioner
    let actor: ManagedProvisioner.Actor

    /// Validates `claude_role`: `nil` when absent; `admin` and unknown roles are `invalidValue`.
    static func role(of user: SCIMUser) throws(SCIMError) -> ClaudeRole? {
        guard let text = user.claudeRole else { return nil }
        do {
            return try ClaudeRole.requested(text)
        } catch {
            throw .invalidValue(error.message)
        }
    }

    func apply(old: SCIMUser?, new: SCIMUser, role: ClaudeRole?, links: Links) async throws(SCIMError) -> Links {
        let oldEmail = old.flatMap { $0.active ? $0.provisioningEmail : nil }
        let newEmail = new.active ? new.provisioningEmail : nil
        do {
            switch (oldEmail, newEmail) {
            case (nil, nil):
                return new.active ? links : .none
            case (let gone?, nil):
                _ = try await provisioner.deprovision(email: gone, actor: actor)
                return .none
            case (nil, let email?):
                return Self.links(try await provisioner.provision(email: email, role: role, actor: actor))
            case (let before?, let after?) where EmailAddress.key(before) != EmailAddress.key(after):
                _ = try await provisioner.deprovision(email: before, actor: actor)
                return Self.links(try await provisioner.provision(email: after, role: role, actor: actor))
            case (_, let email?):
                let oldRole = try? old.map(Self.role(of:)) ?? nil
                guard oldRole != role else { return links }
                // A cleared role falls back to the default role (user).
                let outcome = try await provisioner.updateRole(email: email, role: role ?? .default, inviteIfMissing: true, actor: actor)
                return Self.links(outcome)
            }
        } catch let error as ProvisioningError {
            throw Self.scimError(error)
        } catch {
            throw SCIMError(status: 503, detail: "the change was interrupted; try again", retryAfter: 5)
        }
    }

    static func links(_ outcome: ProvisioningOutcome) -> Links {
        if let member = outcome.member { return Links(memberID: member.id, inviteID: nil) }
        return Links(memberID: nil, inviteID: outcome.invite?.id)
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
        case .invalidRole, .adminNotAssignable, .protectedMember, .invalidEmail, .ssoManagesMembers, .notFound, .rejected:
            return .invalidValue(error.description)
        }
    }
}
