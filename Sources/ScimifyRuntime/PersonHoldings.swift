import ClaudeAdminAPI
import Foundation
import ScimifyCore

/// What one person holds in a Console organization beyond their membership: their places in workspaces (with
/// the workspace role) and the API keys they created, with the keys that would keep working after their
/// removal (spec §15). Read live from the Admin API; the CLI's `members show` and `keys list` use it.
public struct PersonHoldings: Sendable {
    public let member: Member
    public let workspaces: [(workspace: Workspace, role: String)]
    public let keys: [APIKey]

    /// Active keys the person created that keep working once they are removed (legacy workspace keys, service
    /// accounts' keys, principals this version does not know).
    public var survivingActiveKeys: [APIKey] {
        keys.filter { $0.status == .active && $0.survivesRemoval(of: member.id) }
    }

    /// Reads what `member` holds: every workspace (archived ones too) is asked for the member's place, and every
    /// key listed with `created_by_user_id` (keys without a recorded creator cannot be found this way).
    public static func read(for member: Member, using client: AdminAPIClient) async throws -> PersonHoldings {
        var places: [(workspace: Workspace, role: String)] = []
        for workspace in try await client.listWorkspaces(includeArchived: true).value {
            let members = try await client.listWorkspaceMembers(workspaceID: workspace.id).value
            if let place = members.first(where: { $0.userID == member.id }) { places.append((workspace, place.role)) }
        }
        let keys = try await client.listAPIKeys(createdByUserID: member.id).value
        return PersonHoldings(member: member, workspaces: places, keys: keys.sorted { $0.createdAt > $1.createdAt })
    }

    /// Keys whose recorded creator is not among `memberIDs` (a person who left); keys without a recorded creator
    /// are not orphans: nobody can say who made them.
    public static func orphaned(_ keys: [APIKey], memberIDs: Set<String>) -> [APIKey] {
        keys.filter { key in key.createdByUserID.map { !memberIDs.contains($0) } ?? false }
    }
}
