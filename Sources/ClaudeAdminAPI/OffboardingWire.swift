import Foundation
import ScimifyCore

/// A wire record with the id its list pages by (`after_id`).
protocol PagedWire: Decodable {
    var pageID: String { get }
}

/// `type: "api_key"` (spec §14.1). Newer fields (`principal`, `scope`) and older ones (`workspace_id`) are optional.
struct APIKeyWire: PagedWire {
    struct Creator: Decodable {
        let id: String?
        let type: String?
    }
    struct PrincipalWire: Decodable {
        let type: String
        let user_id: String?
        let service_account_id: String?
    }
    struct Scope: Decodable {
        let type: String?
        let workspace_id: String?
    }

    let id: String
    let name: String?
    let created_at: String?
    let created_by: Creator?
    let expires_at: String?
    let partial_key_hint: String?
    let status: String
    let principal: PrincipalWire?
    let scope: Scope?
    let workspace_id: String?

    var pageID: String { id }

    func apiKey() throws -> APIKey {
        APIKey(
            id: id, name: name ?? "", createdAt: try date(created_at),
            createdByUserID: created_by?.type == "user" ? created_by?.id : nil,
            expiresAt: try expires_at.map { try date($0) }, hint: partial_key_hint,
            status: APIKey.Status(rawValue: status), principal: principalValue,
            workspaceID: scope?.workspace_id ?? workspace_id, scopeType: scopeType)
    }

    /// `scope.type`; a type added later reads as a workspace scope when it names a workspace, else unstated.
    private var scopeType: APIKey.ScopeType {
        switch scope?.type {
        case "organization": .organization
        case "workspace": .workspace
        default: scope?.workspace_id == nil ? .unstated : .workspace
        }
    }

    /// A missing or `null` principal is a legacy workspace key (or a response older than the field): both are
    /// treated as keys that survive their creator's removal, the safe reading for an operator (UNVERIFIED which
    /// of the two an older response means; reporting a key that would have stopped anyway costs nothing).
    private var principalValue: APIKey.Principal {
        guard let principal else { return .none }
        switch principal.type {
        case "user_actor": return principal.user_id.map { .user(id: $0) } ?? .other(type: principal.type)
        case "service_account_actor":
            return principal.service_account_id.map { .serviceAccount(id: $0) } ?? .other(type: principal.type)
        default: return .other(type: principal.type)
        }
    }
}

/// `type: "workspace"` (spec §12.1); only the fields Scimify shows.
struct WorkspaceWire: PagedWire {
    let id: String
    let name: String
    let created_at: String?
    let archived_at: String?

    var pageID: String { id }

    func workspace() throws -> Workspace {
        Workspace(
            id: id, name: name, createdAt: try date(created_at), archivedAt: try archived_at.map { try date($0) })
    }
}

/// `type: "workspace_member"` (spec §13.1); the list pages by `user_id`.
struct WorkspaceMemberWire: PagedWire {
    let user_id: String
    let workspace_id: String
    let workspace_role: String

    var pageID: String { user_id }

    func member() -> WorkspaceMember {
        WorkspaceMember(userID: user_id, workspaceID: workspace_id, role: workspace_role)
    }
}
