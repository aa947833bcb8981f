import Foundation

/// A member of the Claude organization, as the Admin API returns it.
public struct Member: Hashable, Sendable, Codable {
    public var id: String
    public var email: String
    public var name: String
    public var role: ClaudeRole
    public var addedAt: Date

    public init(id: String, email: String, name: String, role: ClaudeRole, addedAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.addedAt = addedAt
    }

    /// A member whose role Scimify may not change and who it may not remove (admins, owners, unknown roles).
    public var isProtected: Bool { !role.isProvisionable }
}
