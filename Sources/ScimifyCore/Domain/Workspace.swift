import Foundation

/// A workspace of a Console organization (spec §12).
public struct Workspace: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var createdAt: Date
    public var archivedAt: Date?

    public init(id: String, name: String, createdAt: Date, archivedAt: Date?) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.archivedAt = archivedAt
    }
}

/// A person's place in a workspace (spec §13): `workspace_user`, `workspace_developer`, ... kept as sent.
public struct WorkspaceMember: Hashable, Sendable, Codable {
    public var userID: String
    public var workspaceID: String
    public var role: String

    public init(userID: String, workspaceID: String, role: String) {
        self.userID = userID
        self.workspaceID = workspaceID
        self.role = role
    }
}
