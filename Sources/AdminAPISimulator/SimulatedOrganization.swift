import Foundation

/// The simulated organization's state: members, invites, the controllable clock and the provisioning mode.
///
/// Members and invites are kept in creation order (ascending `seq`); lists are served newest first with
/// id cursors, as the real API pages.
public actor SimulatedOrganization {
    /// `invite-only` accepts invites; `jit` refuses them as an SSO-managed organization does.
    public enum ProvisioningMode: String, Sendable, CaseIterable {
        case inviteOnly = "invite-only"
        case jit
    }

    static let settableRoles: Set<String> = ["user", "developer", "billing", "claude_code_user"]

    let organizationID = "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"
    var organizationName = "Acme Simulated"
    var mode: ProvisioningMode = .inviteOnly
    var clockOffset: TimeInterval = 0
    private var nextSeq = 1
    private(set) var members: [SimMember] = []
    private(set) var invites: [SimInvite] = []
    private var seqByID: [String: Int] = [:]
    private var memberIDByEmail: [String: String] = [:]
    /// Console-organization state (spec §12-14): workspaces, their members, API keys.
    var workspaces: [SimWorkspace] = []
    var workspaceMembers: [SimWorkspaceMemberJSON] = []
    var apiKeys: [SimAPIKey] = []
    /// An Enterprise organization has no workspace or API-key endpoints (spec §12): they answer
    /// ``SimulatorFailure/organizationTypeNotSupported``.
    var isEnterprise = false
    /// An Enterprise organization's workspace and key paths answer 404 rather than 400.
    var enterpriseAnswersNotFound = false
    /// When set, listing an archived workspace's members is refused (400): the real answer is UNVERIFIED.
    var refusesArchivedWorkspaceMembers = false

    public init() {}

    /// The simulated time: the wall clock plus whatever ``advanceClock(by:)`` added.
    public var now: Date { Date().addingTimeInterval(clockOffset) }

    // MARK: - Seeding and control

    /// Drops every member and invite and loads `seed`; the clock offset and mode are reset too.
    public func reset(seed: SimulatorSeed) {
        members = []
        invites = []
        workspaces = []
        workspaceMembers = []
        apiKeys = []
        seqByID = [:]
        memberIDByEmail = [:]
        nextSeq = 1
        clockOffset = 0
        mode = .inviteOnly
        seed.load(into: self)
    }

    /// Moves the simulated clock forward (invites expire 21 days after creation).
    public func advanceClock(by seconds: TimeInterval) { clockOffset += seconds }

    /// Switches between invite-only and JIT provisioning.
    public func setMode(_ mode: ProvisioningMode) { self.mode = mode }

    /// Adds a member directly, as someone acting outside Scimify would.
    @discardableResult
    public func addMember(email: String, name: String, role: String, addedAt: Date? = nil) -> String {
        let seq = takeSeq()
        let member = SimMember(
            id: SimID.make("user", seq),
            seq: seq,
            email: email,
            name: name,
            role: role,
            addedAt: addedAt ?? now
        )
        members.append(member)
        seqByID[member.id] = seq
        memberIDByEmail[email.lowercased()] = member.id
        return member.id
    }

    /// Adds an invite directly, optionally created in the past so it is near expiry or expired.
    @discardableResult
    public func addInvite(email: String, role: String, invitedAt: Date? = nil, accepted: Bool = false) -> String {
        let seq = takeSeq()
        var invite = SimInvite(
            id: SimID.make("invite", seq),
            seq: seq,
            email: email,
            role: role,
            invitedAt: invitedAt ?? now
        )
        if accepted { invite.acceptedAt = invite.invitedAt.addingTimeInterval(3600) }
        invites.append(invite)
        seqByID[invite.id] = seq
        return invite.id
    }

    /// Accepts a pending invite: it becomes a member with the invite's role.
    /// - Returns: the new member id.
    public func acceptInvite(id: String) throws -> String {
        guard let index = invites.firstIndex(where: { $0.id == id }) else { throw SimulatorFailure.notFound("invite") }
        guard invites[index].status(now: now) == "pending" else {
            throw SimulatorFailure.invalid("only a pending invite can be accepted")
        }
        invites[index].acceptedAt = now
        let email = invites[index].email
        let name = SimulatorSeed.displayName(forEmail: email)
        return addMember(email: email, name: name, role: invites[index].role)
    }

    /// Makes an invite expire now, whatever its age.
    public func expireInvite(id: String) throws {
        guard let index = invites.firstIndex(where: { $0.id == id }) else { throw SimulatorFailure.notFound("invite") }
        invites[index].invitedAt = now.addingTimeInterval(-SimInvite.lifetime - 1)
    }

    /// Ages an invite so it expires `hours` from now (an invite about to expire).
    public func ageInvite(id: String, expiringInHours hours: Double) throws {
        guard let index = invites.firstIndex(where: { $0.id == id }) else { throw SimulatorFailure.notFound("invite") }
        invites[index].invitedAt = now.addingTimeInterval(-SimInvite.lifetime + hours * 3600)
    }

    /// Removes a member directly (any role), as an admin in the Claude UI could.
    public func removeMemberOutside(id: String) throws {
        guard let index = members.firstIndex(where: { $0.id == id }) else { throw SimulatorFailure.notFound("user") }
        removeMember(at: index)
    }

    /// Counts for tests and the console: members, and invites by status.
    public func counts() -> (members: Int, pendingInvites: Int, invites: Int) {
        let now = self.now
        return (members.count, invites.filter { $0.status(now: now) == "pending" }.count, invites.count)
    }

    /// Pending invites for an email, for tests that check "exactly one pending invite with the new role".
    public func pendingInvites(email: String) -> [(id: String, role: String)] {
        let now = self.now
        return invites.filter { $0.email.lowercased() == email.lowercased() && $0.status(now: now) == "pending" }
            .map { ($0.id, $0.role) }
    }

    /// Everything the organization holds now, for consistency checks: members, and invites with their
    /// status on the simulated clock.
    public func snapshot() -> (
        members: [(id: String, email: String, role: String)],
        invites: [(id: String, email: String, role: String, status: String)]
    ) {
        let now = self.now
        return (
            members.map { ($0.id, $0.email, $0.role) }, invites.map { ($0.id, $0.email, $0.role, $0.status(now: now)) }
        )
    }

    /// The member with this email, if any.
    public func member(email: String) -> (id: String, role: String, name: String)? {
        guard let id = memberIDByEmail[email.lowercased()], let member = members.first(where: { $0.id == id }) else {
            return nil
        }
        return (member.id, member.role, member.name)
    }

    private func takeSeq() -> Int {
        defer { nextSeq += 1 }
        return nextSeq
    }

    // MARK: - Lookups used by the API routes

    func memberIndex(id: String) -> Int? {
        guard let seq = seqByID[id] else { return nil }
        let index = lowerBound(members, seq: seq)
        return index < members.count && members[index].id == id ? index : nil
    }

    func inviteIndex(id: String) -> Int? {
        guard let seq = seqByID[id] else { return nil }
        let index = lowerBound(invites, seq: seq)
        return index < invites.count && invites[index].id == id ? index : nil
    }

    func memberID(email: String) -> String? { memberIDByEmail[email.lowercased()] }

    func seq(of id: String) -> Int? { seqByID[id] }

    func setMemberRole(at index: Int, role: String) { members[index].role = role }

    func removeMember(at index: Int) {
        memberIDByEmail[members[index].email.lowercased()] = nil
        // Their workspace places go with the membership (spec §15, expected). Their keys stay listed as they
        // were: personal keys stop working, legacy workspace keys keep working, and whether the API changes a
        // personal key's status is UNVERIFIED, so the simulator does not.
        workspaceMembers.removeAll { $0.user_id == members[index].id }
        members.remove(at: index)
    }

    func markInviteDeleted(at index: Int) { invites[index].deleted = true }
}

/// Index of the first record whose `seq` is not less than `seq` (records are in ascending `seq`).
func lowerBound<Record: SequencedRecord>(_ records: [Record], seq: Int) -> Int {
    var low = 0
    var high = records.count
    while low < high {
        let mid = (low + high) / 2
        if records[mid].seq < seq { low = mid + 1 } else { high = mid }
    }
    return low
}

/// A record ordered by creation.
protocol SequencedRecord {
    var seq: Int { get }
}

extension SimMember: SequencedRecord {}
extension SimInvite: SequencedRecord {}

/// Deterministic, API-shaped ids: `user_01…`, `invite_01…`.
enum SimID {
    static func make(_ prefix: String, _ seq: Int) -> String {
        let digits = String(seq, radix: 36, uppercase: true)
        return "\(prefix)_01" + String(repeating: "0", count: max(0, 22 - digits.count)) + digits
    }
}
