import Foundation
import ScimifyCore

/// Small values the planners' tests build on (a fixed clock, people, an audit row).
enum PlanFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    static func invite(_ id: String, _ email: String, _ role: ClaudeRole = .user) -> Invite {
        Invite(
            id: id, email: email, role: role, status: .pending, invitedAt: t0, expiresAt: t0.addingTimeInterval(86_400))
    }

    static func member(_ id: String, _ email: String, _ role: ClaudeRole = .user) -> Member {
        Member(id: id, email: email, name: "Someone", role: role, addedAt: t0)
    }

    static func event(_ outcome: AuditEvent.Outcome = .ok, email: String = "jane@acme.example") -> AuditEvent {
        AuditEvent(
            at: t0, instanceID: 1, instanceSlug: "acme", actor: "scim:acme", action: "invite.create",
            targetEmail: email, outcome: outcome, detail: "test")
    }

    static func record(_ email: String, id: String = "rec-1") -> ScimRecord {
        ScimRecord(id: id, instanceID: 1, userName: email, emails: [email], source: .scim, createdAt: t0, updatedAt: t0)
    }
}
