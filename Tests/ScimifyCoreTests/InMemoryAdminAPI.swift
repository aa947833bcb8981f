import Foundation
import ScimifyCore

/// An in-memory Admin API for fast rule tests: records every call and can fail a chosen call.
actor InMemoryAdminAPI: AdminAPIPort {
    var members: [Member] = []
    var invites: [Invite] = []
    private(set) var calls: [String] = []
    /// Fails the call whose name matches, once, with the error.
    private var failNext: [String: (error: ProvisioningError, skip: Int)] = [:]
    var ssoManaged = false
    private var counter = 0

    init(members: [Member] = [], invites: [Invite] = []) {
        self.members = members
        self.invites = invites
    }

    static func member(_ email: String, _ role: ClaudeRole) -> Member {
        Member(id: "user_\(email)", email: email, name: email, role: role, addedAt: Date(timeIntervalSince1970: 0))
    }

    static func invite(_ email: String, _ role: ClaudeRole, id: String? = nil, status: InviteStatus = .pending)
        -> Invite
    {
        Invite(
            id: id ?? "invite_\(email)",
            email: email,
            role: role,
            status: status,
            invitedAt: Date(timeIntervalSince1970: 0),
            expiresAt: Date(timeIntervalSince1970: 21 * 86_400)
        )
    }

    /// Fails the next `call` (after letting `skip` of them through) with `error`.
    func setFailure(_ call: String, _ error: ProvisioningError, skip: Int = 0) { failNext[call] = (error, skip) }
    func setSSOManaged(_ value: Bool) { ssoManaged = value }
    func writes() -> [String] {
        calls.filter { !$0.hasPrefix("find") && !$0.hasPrefix("list") && $0 != "organization" }
    }

    private func record(_ call: String) throws -> String {
        calls.append(call)
        if let failure = failNext[call] {
            if failure.skip == 0 {
                failNext[call] = nil
                throw failure.error
            }
            failNext[call]?.skip -= 1
        }
        counter += 1
        return "req_\(counter)"
    }

    func organization() async throws -> Traced<Organization> {
        Traced(Organization(id: "org", name: "Org"), requestID: try record("organization"))
    }

    func listAllMembers(progress: (@Sendable (ListingProgress) -> Void)?, pages: (@Sendable ([Member]) -> Void)?)
        async throws -> [Member]
    {
        _ = try record("listMembers")
        pages?(members)
        return members
    }

    func listAllInvites(progress: (@Sendable (ListingProgress) -> Void)?, pages: (@Sendable ([Invite]) -> Void)?)
        async throws -> [Invite]
    {
        _ = try record("listInvites")
        pages?(invites)
        return invites
    }

    func findMember(email: String) async throws -> Traced<Member?> {
        let id = try record("findMember")
        return Traced(members.first { $0.email.lowercased() == email.lowercased() }, requestID: id)
    }

    func findInvites(email: String) async throws -> Traced<[Invite]> {
        let id = try record("findInvites")
        return Traced(invites.filter { $0.email.lowercased() == email.lowercased() }, requestID: id)
    }

    func updateMemberRole(memberID: String, role: ClaudeRole) async throws -> Traced<Member> {
        let id = try record("updateMemberRole")
        guard let index = members.firstIndex(where: { $0.id == memberID }) else {
            throw ProvisioningError(kind: .notFound, message: "no member", httpStatus: 404)
        }
        members[index].role = role
        return Traced(members[index], requestID: id)
    }

    func removeMember(memberID: String) async throws -> Traced<Void> {
        let id = try record("removeMember")
        members.removeAll { $0.id == memberID }
        return Traced((), requestID: id)
    }

    func createInvite(email: String, role: ClaudeRole) async throws -> Traced<Invite> {
        let id = try record("createInvite")
        if ssoManaged {
            throw ProvisioningError(
                kind: .ssoManagesMembers, message: ProvisioningError.ssoRemedyMessage, httpStatus: 400)
        }
        if members.contains(where: { $0.email.lowercased() == email.lowercased() }) {
            throw ProvisioningError(kind: .rejected, message: "member", httpStatus: 400, errorCode: "already_member")
        }
        if invites.contains(where: { $0.email.lowercased() == email.lowercased() && $0.status == .pending }) {
            throw ProvisioningError(
                kind: .rejected, message: "pending", httpStatus: 400, errorCode: "invite_already_exists")
        }
        let invite = Self.invite(email, role, id: "invite_\(counter)")
        invites.append(invite)
        return Traced(invite, requestID: id)
    }

    func deleteInvite(inviteID: String) async throws -> Traced<Void> {
        let id = try record("deleteInvite")
        guard let index = invites.firstIndex(where: { $0.id == inviteID && $0.status == .pending }) else {
            throw ProvisioningError(kind: .notFound, message: "no invite", httpStatus: 404)
        }
        invites[index].status = .deleted
        return Traced((), requestID: id)
    }
}

/// An intent journal kept in memory, for tests of the two-step change.
actor InMemoryJournal: IntentJournal {
    private(set) var intents: [ReinviteIntent] = []
    private(set) var begun = 0

    func begin(_ intent: ReinviteIntent) async throws {
        begun += 1
        intents.append(intent)
    }

    private(set) var attention: [AttentionIntent] = []
    private var generations: [String: Int] = [:]

    func recordStep(intentID: String, requestID: String) async throws {
        guard let index = intents.firstIndex(where: { $0.id == intentID }) else { return }
        intents[index].stepRequestIDs.append(requestID)
    }

    func complete(intentID: String) async throws {
        intents.removeAll { $0.id == intentID }
        attention.removeAll { $0.intent.id == intentID }
    }

    func unfinished() async throws -> [ReinviteIntent] { intents }

    func markNeedsAttention(intentID: String, reason: String, requestIDs: [String]) async throws {
        guard let index = intents.firstIndex(where: { $0.id == intentID }) else { return }
        attention.append(
            AttentionIntent(intent: intents.remove(at: index), reason: reason, requestIDs: requestIDs, since: Date()))
    }

    func needingAttention() async throws -> [AttentionIntent] { attention }

    func reopen(intentID: String) async throws {
        guard let index = attention.firstIndex(where: { $0.intent.id == intentID }) else { return }
        intents.append(attention.remove(at: index).intent)
    }

    func generation(of email: String) async throws -> Int { generations[EmailAddress.key(email), default: 0] }

    /// Counts a recorded change to `email`, as the store's recorder does.
    func recordChange(to email: String) { generations[EmailAddress.key(email), default: 0] += 1 }
}
