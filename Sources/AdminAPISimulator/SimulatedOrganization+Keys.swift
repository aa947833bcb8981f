import Foundation

/// Workspaces, workspace members and API keys of a simulated Console organization (spec §12-15).
extension SimulatedOrganization {
    /// The Default Workspace's id (sent in `scope`; keys in it have `workspace_id: null`).
    static let defaultWorkspaceID = "wrkspc_01DefaultDefaultDefault"

    /// Adds a workspace, optionally archived.
    @discardableResult
    public func addWorkspace(name: String, archived: Bool = false) -> String {
        let id = "wrkspc_01\(String(format: "%017d", workspaces.count + 1))"
        workspaces.append(
            SimWorkspace(id: id, name: name, createdAt: now - 200 * 86_400, archivedAt: archived ? now : nil))
        return id
    }

    /// Gives `userID` a role in a workspace.
    public func addWorkspaceMember(workspaceID: String, userID: String, role: String) {
        workspaceMembers.append(
            SimWorkspaceMemberJSON(user_id: userID, workspace_id: workspaceID, workspace_role: role))
    }

    /// The kinds of key spec §15 tells apart.
    public enum KeyKind: Sendable {
        /// A personal key (`principal.user_actor` = the creator).
        case personal
        /// A legacy workspace key (`principal: null`): it outlives its creator.
        case legacyWorkspace
        /// A service account's key.
        case serviceAccount
    }

    /// Adds an API key made by `creator` (a user id; `nil`: no creator recorded) in `workspaceID` (`nil`: the
    /// Default Workspace).
    @discardableResult
    public func addAPIKey(
        name: String, creator: String?, kind: KeyKind, workspaceID: String?, status: String = "active",
        expiresAt: Date? = nil
    ) -> String {
        let id = "apikey_01\(String(format: "%017d", apiKeys.count + 1))"
        let principal: SimAPIKey.Principal =
            switch kind {
            case .personal: creator.map { .user($0) } ?? .none
            case .legacyWorkspace: .none
            case .serviceAccount: .serviceAccount("svac_01Deploy")
            }
        apiKeys.append(
            SimAPIKey(
                id: id, name: name, createdAt: now - Double(30 + apiKeys.count) * 86_400,
                createdBy: kind == .serviceAccount ? "svac_01Deploy" : creator, expiresAt: expiresAt, status: status,
                principal: principal, workspaceID: workspaceID))
        return id
    }

    /// The status of every key, for tests.
    public func apiKeyStatuses() -> [String: String] {
        Dictionary(uniqueKeysWithValues: apiKeys.map { ($0.id, $0.status) })
    }

    /// Makes the organization an Enterprise one (no workspace or API-key endpoints) or a Console one again.
    /// - Parameter answeringNotFound: those endpoints answer 404, as a server without the routes does, instead of
    ///   the 400 `organization_type_not_supported` (the real answer is UNVERIFIED, spec §12).
    public func setEnterprise(_ enterprise: Bool, answeringNotFound: Bool = false) {
        isEnterprise = enterprise
        enterpriseAnswersNotFound = answeringNotFound
    }

    /// Makes listing an archived workspace's members a 400 (spec §12 leaves that answer UNVERIFIED).
    public func setRefusesArchivedWorkspaceMembers(_ refuses: Bool) { refusesArchivedWorkspaceMembers = refuses }

    private func requireConsoleOrganization() throws {
        if isEnterprise {
            throw enterpriseAnswersNotFound ? SimulatorFailure.notFound("route") : .organizationTypeNotSupported
        }
    }

    // MARK: - API

    func listAPIKeys(_ query: SimPageQuery, createdBy: String?, workspaceID: String?, status: String?) throws
        -> SimListJSON<SimAPIKeyJSON>
    {
        try requireConsoleOrganization()
        if let status, !["active", "inactive", "archived", "expired"].contains(status) {
            throw SimulatorFailure.invalid("status: Input should be 'active', 'inactive', 'archived' or 'expired'")
        }
        let matching = apiKeys.filter { key in
            (createdBy == nil || key.createdBy == createdBy) && (status == nil || key.status == status)
                && (workspaceID == nil || key.workspaceID == workspaceID)
        }
        return try simplePage(matching.map { $0.json() }, query)
    }

    func getAPIKey(id: String) throws -> SimAPIKeyJSON {
        try requireConsoleOrganization()
        guard let key = apiKeys.first(where: { $0.id == id }) else { throw SimulatorFailure.notFound("api_key") }
        return key.json()
    }

    func updateAPIKey(id: String, name: String?, status: String?) throws -> SimAPIKeyJSON {
        try requireConsoleOrganization()
        guard let index = apiKeys.firstIndex(where: { $0.id == id }) else {
            throw SimulatorFailure.notFound("api_key")
        }
        if let name {
            guard (1...500).contains(name.count) else { throw SimulatorFailure.invalid("name: 1 to 500 characters") }
            apiKeys[index].name = name
        }
        if let status {
            guard ["active", "inactive", "archived"].contains(status) else {
                throw SimulatorFailure.invalid("status: Input should be 'active', 'inactive' or 'archived'")
            }
            // Expired keys cannot be enabled again; archived ones are treated as final (spec §14.2).
            guard apiKeys[index].status != "expired", apiKeys[index].status != "archived" || status == "archived"
            else {
                throw SimulatorFailure.invalid("an \(apiKeys[index].status) key cannot be changed to \(status)")
            }
            apiKeys[index].status = status
        }
        return apiKeys[index].json()
    }

    func listWorkspaces(_ query: SimPageQuery, includeArchived: Bool) throws -> SimListJSON<SimWorkspaceJSON> {
        try requireConsoleOrganization()
        return try simplePage(workspaces.filter { includeArchived || $0.archivedAt == nil }.map { $0.json() }, query)
    }

    func getWorkspace(id: String) throws -> SimWorkspaceJSON {
        try requireConsoleOrganization()
        guard let workspace = workspaces.first(where: { $0.id == id }) else {
            throw SimulatorFailure.notFound("workspace")
        }
        return workspace.json()
    }

    func listWorkspaceMembers(workspaceID: String, _ query: SimPageQuery) throws
        -> SimListJSON<SimWorkspaceMemberJSON>
    {
        try requireConsoleOrganization()
        let workspace = try getWorkspace(id: workspaceID)
        if refusesArchivedWorkspaceMembers, workspace.archived_at != nil {
            throw SimulatorFailure.invalid("workspace \(workspaceID) is archived")
        }
        return try simplePage(workspaceMembers.filter { $0.workspace_id == workspaceID }, query)
    }

    func getWorkspaceMember(workspaceID: String, userID: String) throws -> SimWorkspaceMemberJSON {
        try requireConsoleOrganization()
        guard let found = workspaceMembers.first(where: { $0.workspace_id == workspaceID && $0.user_id == userID })
        else { throw SimulatorFailure.notFound("workspace_member") }
        return found
    }

    /// One page in list order with `after_id`/`before_id` cursors and the documented `limit` bounds.
    private func simplePage<Item: Encodable & Sendable & IdentifiedJSON>(_ items: [Item], _ query: SimPageQuery)
        throws -> SimListJSON<Item>
    {
        guard (1...1000).contains(query.limit) else {
            throw SimulatorFailure.invalid("limit: Input should be between 1 and 1000")
        }
        var start = 0
        if let after = query.afterID {
            guard let index = items.firstIndex(where: { $0.id == after }) else {
                throw SimulatorFailure.invalid("after_id: unknown id")
            }
            start = index + 1
        }
        let slice = Array(items[start...].prefix(query.limit))
        return SimListJSON(
            data: slice, has_more: start + slice.count < items.count, first_id: slice.first?.id,
            last_id: slice.last?.id)
    }
}
