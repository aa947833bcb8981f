import Foundation

/// A workspace held by the simulator (spec §12).
struct SimWorkspace: Sendable {
    let id: String
    let name: String
    let createdAt: Date
    var archivedAt: Date?

    func json() -> SimWorkspaceJSON {
        SimWorkspaceJSON(
            id: id, name: name, created_at: SimTimestamp.format(createdAt, fractional: true),
            archived_at: archivedAt.map { SimTimestamp.format($0, fractional: true) }, display_color: "#6C5BB9")
    }
}

/// An API key held by the simulator (spec §14): who made it, who it acts as, where it is scoped.
struct SimAPIKey: Sendable {
    enum Principal: Sendable {
        case user(String)
        case serviceAccount(String)
        case none
    }

    let id: String
    var name: String
    let createdAt: Date
    /// `created_by`: a user id, a service account id (`svac_`), or no creator recorded.
    let createdBy: String?
    let expiresAt: Date?
    var status: String
    let principal: Principal
    /// `nil`: the Default Workspace.
    let workspaceID: String?

    var hint: String { "sk-ant-api03-\(id.suffix(3))...\(String(id.suffix(4).reversed()))" }

    func json() -> SimAPIKeyJSON {
        let creator = createdBy.map {
            SimAPIKeyJSON.Creator(id: $0, type: $0.hasPrefix("svac_") ? "service_account" : "user")
        }
        let actor: SimAPIKeyJSON.PrincipalJSON? =
            switch principal {
            case .user(let id): .init(type: "user_actor", user_id: id, service_account_id: nil)
            case .serviceAccount(let id): .init(type: "service_account_actor", user_id: nil, service_account_id: id)
            case .none: nil
            }
        return SimAPIKeyJSON(
            id: id, name: name, created_at: SimTimestamp.format(createdAt, fractional: false), created_by: creator,
            expires_at: expiresAt.map { SimTimestamp.format($0, fractional: false) }, status: status,
            partial_key_hint: hint, principal: actor,
            scope: .init(type: "workspace", workspace_id: workspaceID ?? SimulatedOrganization.defaultWorkspaceID),
            workspace_id: workspaceID)
    }
}

/// `type: "workspace"` on the wire (the simulator's own type, never the client's).
struct SimWorkspaceJSON: Encodable, Sendable, IdentifiedJSON {
    var type = "workspace"
    let id: String
    let name: String
    let created_at: String
    let archived_at: String?
    let display_color: String

    private enum CodingKeys: String, CodingKey { case type, id, name, created_at, archived_at, display_color }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(created_at, forKey: .created_at)
        try container.encode(archived_at, forKey: .archived_at)  // `null` while active, as the API sends it
        try container.encode(display_color, forKey: .display_color)
    }
}

/// `type: "workspace_member"` on the wire.
struct SimWorkspaceMemberJSON: Encodable, Sendable, IdentifiedJSON {
    var type = "workspace_member"
    let user_id: String
    let workspace_id: String
    let workspace_role: String

    var id: String { user_id }
}

/// `type: "api_key"` on the wire; `created_by`, `principal` and `expires_at` are sent as `null` when absent.
struct SimAPIKeyJSON: Encodable, Sendable, IdentifiedJSON {
    struct Creator: Encodable, Sendable {
        let id: String
        let type: String
    }
    struct PrincipalJSON: Encodable, Sendable {
        let type: String
        let user_id: String?
        let service_account_id: String?
    }
    struct Scope: Encodable, Sendable {
        let type: String
        let workspace_id: String
    }

    var type = "api_key"
    let id: String
    let name: String
    let created_at: String
    let created_by: Creator?
    let expires_at: String?
    let status: String
    let partial_key_hint: String
    let principal: PrincipalJSON?
    let scope: Scope
    let workspace_id: String?

    private enum CodingKeys: String, CodingKey {
        case type, id, name, created_at, created_by, expires_at, status, partial_key_hint, principal, scope
        case workspace_id
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(created_at, forKey: .created_at)
        try container.encode(created_by, forKey: .created_by)
        try container.encode(expires_at, forKey: .expires_at)
        try container.encode(status, forKey: .status)
        try container.encode(partial_key_hint, forKey: .partial_key_hint)
        try container.encode(principal, forKey: .principal)
        try container.encode(scope, forKey: .scope)
        try container.encode(workspace_id, forKey: .workspace_id)
    }
}
