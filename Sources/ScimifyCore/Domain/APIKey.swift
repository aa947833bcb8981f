import Foundation

/// An Admin API key record of a Console organization (spec §14): never the secret, only its hint.
public struct APIKey: Hashable, Sendable, Codable {
    /// `active`, `inactive`, `archived`, `expired`, or a value added later (kept as sent).
    public struct Status: RawRepresentable, Hashable, Sendable, Codable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let active = Status(rawValue: "active")
        public static let inactive = Status(rawValue: "inactive")
        public static let archived = Status(rawValue: "archived")
        public static let expired = Status(rawValue: "expired")
        /// The values the API documents, in the order a listing asks for them.
        public static let documented: [Status] = [.active, .inactive, .archived, .expired]
    }

    /// Who the key acts as (`principal`).
    public enum Principal: Hashable, Sendable, Codable {
        /// A personal key: it stops when its user leaves the organization.
        case user(id: String)
        /// A service account's key: unaffected by any person's removal.
        case serviceAccount(id: String)
        /// No principal: a legacy workspace key, which keeps working after its creator leaves.
        case none
        /// A principal type added later.
        case other(type: String)
    }

    /// Where a key may be used (`scope.type`, spec §14.1).
    public enum ScopeType: String, Hashable, Sendable, Codable {
        /// One workspace (``APIKey/workspaceID``; `nil` there is the Default Workspace in older responses).
        case workspace
        /// The organization: a principal-bound key usable in several workspaces, in none in particular.
        case organization
        /// No `scope` in the response (an older one): a workspace key, as `workspace_id` says.
        case unstated
    }

    public var id: String
    public var name: String
    public var createdAt: Date
    /// `created_by.id` when the creator is a user (`nil`: a service account, or no creator recorded).
    public var createdByUserID: String?
    public var expiresAt: Date?
    /// The redacted hint (`sk-ant-api03-Xy1...9QaA`), safe to show and audit.
    public var hint: String?
    public var status: Status
    public var principal: Principal
    /// `scope.workspace_id`, else the deprecated `workspace_id`; `nil` for the Default Workspace (older
    /// responses) and organization-scoped keys.
    public var workspaceID: String?
    /// `scope.type`: an organization-scoped key is shown as such, never as the Default Workspace's.
    public var scopeType: ScopeType

    public init(
        id: String, name: String, createdAt: Date, createdByUserID: String?, expiresAt: Date?, hint: String?,
        status: Status, principal: Principal, workspaceID: String?, scopeType: ScopeType = .unstated
    ) {
        self.scopeType = scopeType
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.createdByUserID = createdByUserID
        self.expiresAt = expiresAt
        self.hint = hint
        self.status = status
        self.principal = principal
        self.workspaceID = workspaceID
    }

    /// Whether the key keeps working after `userID` is removed from the organization (spec §15): a personal
    /// key of that user stops; a service-account key, a legacy workspace key and a personal key of someone
    /// else keep working. A principal type this version does not know is counted as surviving, the safe answer
    /// for an operator deciding what to deactivate.
    public func survivesRemoval(of userID: String) -> Bool {
        switch principal {
        case .user(let id): id != userID
        case .serviceAccount, .none, .other: true
        }
    }
}
