import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyStorage

/// Reads what people hold (workspaces, workspace places, API keys) live from the Admin API.
public enum HoldingsReader {
    /// What `member` holds: every workspace (archived ones too) is asked for the member's place, and every key
    /// listed with `created_by_user_id` (keys without a recorded creator cannot be found this way).
    public static func person(_ member: Member, using client: AdminAPIClient) async throws -> PersonHoldings {
        var places: [PersonHoldings.Place] = []
        for workspace in try await client.listWorkspaces(includeArchived: true).value {
            let members = try await Self.members(of: workspace, using: client)
            if let place = members.first(where: { $0.userID == member.id }) {
                places.append(PersonHoldings.Place(workspace: workspace, role: place.role))
            }
        }
        let keys = try await client.listAPIKeys(createdByUserID: member.id).value
        return PersonHoldings(member: member, workspaces: places, keys: keys)
    }

    /// The whole organization's workspaces (archived ones too), their members and every API key of every
    /// status: one listing per workspace plus the key listing, whatever the number of people.
    /// - Parameter withMembers: also list the members, to name key makers when there is no mirror.
    public static func organization(using client: AdminAPIClient, withMembers: Bool = false, now: Date = Date())
        async throws -> OrganizationHoldings
    {
        let workspaces = try await client.listWorkspaces(includeArchived: true).value
        var places: [WorkspaceMember] = []
        for workspace in workspaces {
            places += try await Self.members(of: workspace, using: client)
        }
        let keys = try await client.listAPIKeys().value
        var holdings = OrganizationHoldings(workspaces: workspaces, places: places, keys: keys, readAt: now)
        if withMembers { holdings.members = try await client.listAllMembers(progress: nil) }
        return holdings
    }

    /// A workspace's members. What the API answers for an archived workspace's members is UNVERIFIED (spec §12):
    /// a refusal there (a 4xx other than a rate limit) reads as none, since archiving ended that access anyway,
    /// rather than failing the whole reading; an outage or a live workspace's refusal still fails it.
    static func members(of workspace: Workspace, using client: AdminAPIClient) async throws -> [WorkspaceMember] {
        do {
            return try await client.listWorkspaceMembers(workspaceID: workspace.id).value
        } catch let error as ProvisioningError where workspace.archivedAt != nil && error.changeCertainlyNotMade {
            return []
        }
    }
}

extension InstanceRuntime {
    /// The organization's holdings as the console's Keys view and remove dialog read them: with the live member
    /// list when this instance has no mirror yet, so a key is never shown as made by someone who left only
    /// because Scimify has not listed the members (``OrganizationHoldings/members``).
    public func organizationHoldings(now: Date = Date()) async throws -> OrganizationHoldings {
        let noMirror = try await store.lastRefresh(instanceID: instance.id) == nil
        return try await HoldingsReader.organization(using: client, withMembers: noMirror, now: now)
    }
}
