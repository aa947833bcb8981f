import Foundation

/// A page request: `limit`, `after_id` / `before_id`, and the optional filters.
struct SimPageQuery: Sendable {
    var limit = 20
    var afterID: String?
    var beforeID: String?
    var email: String?
    var roles: [String] = []
    var statuses: [String] = []
    /// Repeat the cursor row at the start of an `after_id` page (see ``SimulatorTraffic/Faults/overlapPages``).
    var includeCursorRow = false
}

extension SimulatedOrganization {
    // MARK: - Users

    func listMembers(_ query: SimPageQuery) throws -> SimListJSON<SimUserJSON> {
        let filtered: [SimMember]
        if let email = query.email {
            filtered = memberID(email: email).flatMap { memberIndex(id: $0) }.map { [members[$0]] } ?? []
        } else if !query.roles.isEmpty {
            filtered = members.filter { query.roles.contains($0.role) }
        } else {
            filtered = members
        }
        return try page(filtered, query) { $0.json() }
    }

    func getMember(id: String) throws -> SimUserJSON {
        guard let index = memberIndex(id: id) else { throw SimulatorFailure.notFound("user") }
        return members[index].json()
    }

    func updateMember(id: String, role: String?) throws -> SimUserJSON {
        guard let index = memberIndex(id: id) else { throw SimulatorFailure.notFound("user") }
        guard let role else { throw SimulatorFailure.invalid("role: field required") }
        try Self.checkSettable(role)
        guard Self.settableRoles.contains(members[index].role) else {
            throw SimulatorFailure.invalid("cannot change the role of a user with the \(members[index].role) role")
        }
        setMemberRole(at: index, role: role)
        return members[index].json()
    }

    func deleteMember(id: String) throws -> SimDeletedJSON {
        guard let index = memberIndex(id: id) else { throw SimulatorFailure.notFound("user") }
        guard Self.settableRoles.contains(members[index].role) else {
            throw SimulatorFailure.invalid("cannot remove a user with the \(members[index].role) role")
        }
        guard members.count > 1 else {
            throw SimulatorFailure.invalid(
                "cannot remove the only member of the organization",
                code: "cannot_remove_last_member"
            )
        }
        removeMember(at: index)
        return SimDeletedJSON(id: id, type: "user_deleted")
    }

    // MARK: - Invites

    func listInvites(_ query: SimPageQuery) throws -> SimListJSON<SimInviteJSON> {
        let now = self.now
        let statuses = query.statuses.isEmpty ? ["pending", "accepted", "expired"] : query.statuses
        let email = query.email?.lowercased()
        let filtered = invites.filter { invite in
            !invite.deleted && statuses.contains(invite.status(now: now))
                && (email == nil || invite.email.lowercased() == email)
                && (query.roles.isEmpty || query.roles.contains(invite.role))
        }
        return try page(filtered, query) { $0.json(now: now) }
    }

    func getInvite(id: String) throws -> SimInviteJSON {
        guard let index = inviteIndex(id: id), !invites[index].deleted else {
            throw SimulatorFailure.notFound("invite")
        }
        return invites[index].json(now: now)
    }

    func createInvite(email: String?, role: String?, groups: [String]?) throws -> SimInviteJSON {
        guard let email, !email.isEmpty else { throw SimulatorFailure.invalid("email: field required") }
        guard let role else { throw SimulatorFailure.invalid("role: field required") }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 320,
            !email.unicodeScalars.contains(where: { $0.value <= 0x20 })
        else { throw SimulatorFailure.invalid("email: value is not a valid email address") }
        try Self.checkSettable(role)
        if let groups, !groups.isEmpty {
            throw SimulatorFailure.invalid("rbac_group_ids are not supported for this organization")
        }
        if mode == .jit { throw SimulatorFailure.ssoManaged }
        if let id = memberID(email: email) {
            throw SimulatorFailure.invalid(
                "\(email) is already a member of this organization (\(id))", code: "already_member")
        }
        let now = self.now
        if let pending = invites.first(where: {
            $0.email.lowercased() == email.lowercased() && $0.status(now: now) == "pending"
        }) {
            throw SimulatorFailure.invalid(
                "a pending invite already exists for \(email) (\(pending.id))",
                code: "invite_already_exists"
            )
        }
        let id = addInvite(email: email, role: role)
        guard let index = inviteIndex(id: id) else { throw SimulatorFailure.internalError }
        return invites[index].json(now: now)
    }

    func deleteInvite(id: String) throws -> SimDeletedJSON {
        guard let index = inviteIndex(id: id), !invites[index].deleted else {
            throw SimulatorFailure.notFound("invite")
        }
        let status = invites[index].status(now: now)
        guard status == "pending" else { throw SimulatorFailure.invalid("cannot delete an invite that is \(status)") }
        markInviteDeleted(at: index)
        return SimDeletedJSON(id: id, type: "invite_deleted")
    }

    // MARK: - Shared

    static func checkSettable(_ role: String) throws {
        if role == "admin" {
            throw SimulatorFailure.invalid("role: the admin role cannot be assigned through the API")
        }
        guard settableRoles.contains(role) else {
            throw SimulatorFailure.invalid(
                "role: Input should be 'user', 'developer', 'billing' or 'claude_code_user'"
            )
        }
    }

    /// Newest-first id-cursor paging over records kept in ascending `seq`.
    private func page<Record: SequencedRecord, Item>(
        _ records: [Record],
        _ query: SimPageQuery,
        json: (Record) -> Item
    ) throws -> SimListJSON<Item> where Item: Encodable & Sendable, Item: IdentifiedJSON {
        guard (1...1000).contains(query.limit) else {
            throw SimulatorFailure.invalid("limit: Input should be between 1 and 1000")
        }
        if query.afterID != nil, query.beforeID != nil {
            throw SimulatorFailure.invalid("cannot specify both after_id and before_id")
        }
        var slice: [Record]
        var hasMore: Bool
        if let after = query.afterID {
            guard let seq = seq(of: after) else { throw SimulatorFailure.invalid("after_id: unknown id") }
            // Records older than the cursor: [0, end); with the overlap fault, the cursor row too.
            let end = lowerBound(records, seq: query.includeCursorRow ? seq + 1 : seq)
            let start = max(0, end - query.limit)
            slice = Array(records[start..<end].reversed())
            hasMore = start > 0
        } else if let before = query.beforeID {
            guard let seq = seq(of: before) else { throw SimulatorFailure.invalid("before_id: unknown id") }
            let start = lowerBound(records, seq: seq + 1)  // records newer than the cursor: [start, count)
            let end = min(records.count, start + query.limit)
            slice = Array(records[start..<end].reversed())
            hasMore = end < records.count
        } else {
            let start = max(0, records.count - query.limit)
            slice = Array(records[start...].reversed())
            hasMore = start > 0
        }
        let items = slice.map(json)
        return SimListJSON(data: items, has_more: hasMore, first_id: items.first?.id, last_id: items.last?.id)
    }
}

/// JSON items with an id (for `first_id` / `last_id`).
protocol IdentifiedJSON {
    var id: String { get }
}

extension SimUserJSON: IdentifiedJSON {}
extension SimInviteJSON: IdentifiedJSON {}
