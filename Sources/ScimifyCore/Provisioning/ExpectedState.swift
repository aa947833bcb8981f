/// What an operator saw when they chose an action (the console row, the CLI's `--expect-*` options): the
/// core refuses with "changed since you looked" when Claude's state differs, so an action on a stale row
/// never reaches another object.
public enum ExpectedState: Sendable, Equatable {
    case member(id: String, role: ClaudeRole)
    case pendingInvite(id: String, role: ClaudeRole)

    /// Refuses unless the live member or pending invite is the one seen, with the role seen.
    public func check(email: String, member: Member?, pending: Invite?) throws(ProvisioningError) {
        let now =
            member.map { "member \($0.id) (\($0.role))" } ?? pending.map { "pending invite \($0.id) (\($0.role))" }
            ?? "neither a member nor a pending invite"
        switch self {
        case .member(let id, let role):
            guard let member, member.id == id, member.role == role else {
                throw .stale(email: email, saw: "member \(id) (\(role))", now: now)
            }
        case .pendingInvite(let id, let role):
            guard member == nil, let pending, pending.id == id, pending.role == role else {
                throw .stale(email: email, saw: "pending invite \(id) (\(role))", now: now)
            }
        }
    }
}
