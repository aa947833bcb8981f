import Foundation

/// What one person holds in a Console organization beyond their membership: their places in workspaces (with
/// the workspace role) and the API keys they created, with the keys that would keep working after their
/// removal (spec §15). The CLI's `members show`, the console's member detail and its remove dialog show it.
public struct PersonHoldings: Sendable, Equatable {
    /// A workspace the person belongs to, with their workspace role (`workspace_developer`, ... as sent).
    public struct Place: Sendable, Equatable {
        public var workspace: Workspace
        public var role: String

        public init(workspace: Workspace, role: String) {
            self.workspace = workspace
            self.role = role
        }
    }

    public let member: Member
    public let workspaces: [Place]
    /// Newest first.
    public let keys: [APIKey]

    public init(member: Member, workspaces: [Place], keys: [APIKey]) {
        self.member = member
        self.workspaces = workspaces
        self.keys = keys.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    /// Every active key the person created: what *remove and deactivate* sets inactive.
    public var activeKeys: [APIKey] { keys.filter { $0.status == .active } }

    /// Active keys the person created that keep working once they are removed (legacy workspace keys, service
    /// accounts' keys, principals this version does not know).
    public var survivingActiveKeys: [APIKey] {
        activeKeys.filter { $0.survivesRemoval(of: member.id) }
    }
}
