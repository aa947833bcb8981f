import Foundation

/// An ``AdminAPIPort`` that reads from the real API but sends no write: each write is recorded as what
/// would have been done and answered with a plausible result, so the rules run exactly as in enforce mode.
public actor DryRunAdminAPI: AdminAPIPort {
    private let base: any AdminAPIPort
    private let now: @Sendable () -> Date
    private var seenMembers: [String: Member] = [:]
    /// Writes the dry run pretended to make, so later reads in the same change see their effect.
    private var deletedInviteIDs: Set<String> = []
    private var removedMemberIDs: Set<String> = []
    /// The writes that would have been sent, in order, e.g. `POST /invites jane@x.example (developer)`.
    public private(set) var plannedWrites: [String] = []

    /// - Parameters:
    ///   - base: the real API, used for reads only.
    ///   - now: the clock for synthesized invites.
    public init(base: any AdminAPIPort, now: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.now = now
    }

    public func organization() async throws -> Traced<Organization> { try await base.organization() }

    public func listAllMembers(
        progress: (@Sendable (ListingProgress) -> Void)?, pages: (@Sendable ([Member]) -> Void)?
    ) async throws -> [Member] {
        try await base.listAllMembers(progress: progress, pages: pages)
    }

    public func listAllInvites(
        progress: (@Sendable (ListingProgress) -> Void)?, pages: (@Sendable ([Invite]) -> Void)?
    ) async throws -> [Invite] {
        try await base.listAllInvites(progress: progress, pages: pages)
    }

    public func findMember(email: String) async throws -> Traced<Member?> {
        let found = try await base.findMember(email: email)
        guard let member = found.value, !removedMemberIDs.contains(member.id) else {
            return Traced(nil, requestID: found.requestID)
        }
        seenMembers[member.id] = member
        return found
    }

    public func findInvites(email: String) async throws -> Traced<[Invite]> {
        let found = try await base.findInvites(email: email)
        return Traced(found.value.filter { !deletedInviteIDs.contains($0.id) }, requestID: found.requestID)
    }

    public func updateMemberRole(memberID: String, role: ClaudeRole) async throws -> Traced<Member> {
        var member = seenMembers[memberID] ?? Member(id: memberID, email: "", name: "", role: role, addedAt: now())
        plannedWrites.append("POST /users/\(memberID) role=\(role) (\(member.email))")
        member.role = role
        return Traced(member, requestID: nil)
    }

    public func removeMember(memberID: String) async throws -> Traced<Void> {
        plannedWrites.append("DELETE /users/\(memberID) (\(seenMembers[memberID]?.email ?? "member"))")
        removedMemberIDs.insert(memberID)
        return Traced((), requestID: nil)
    }

    public func createInvite(email: String, role: ClaudeRole) async throws -> Traced<Invite> {
        // Existence answers must match what the real API would say, so ask it (a read, not a write).
        if try await findMember(email: email).value != nil {
            throw ProvisioningError(
                kind: .rejected, message: "already a member", httpStatus: 400, errorCode: "already_member")
        }
        if try await findInvites(email: email).value.contains(where: { $0.status == .pending }) {
            throw ProvisioningError(
                kind: .rejected,
                message: "a pending invite exists",
                httpStatus: 400,
                errorCode: "invite_already_exists"
            )
        }
        plannedWrites.append("POST /invites \(email) role=\(role)")
        let created = now()
        let invite = Invite(
            id: "invite_dry_run",
            email: email,
            role: role,
            status: .pending,
            invitedAt: created,
            expiresAt: created.addingTimeInterval(21 * 86_400)
        )
        return Traced(invite, requestID: nil)
    }

    public func deleteInvite(inviteID: String) async throws -> Traced<Void> {
        plannedWrites.append("DELETE /invites/\(inviteID)")
        deletedInviteIDs.insert(inviteID)
        return Traced((), requestID: nil)
    }
}
