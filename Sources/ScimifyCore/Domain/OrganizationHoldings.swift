import Foundation

/// Every workspace, workspace place and API key of a Console organization, read once (spec §12-14), so the
/// console can show any member's holdings and name the keys a removal leaves working without asking the
/// Admin API per person. A listing is a moment: an action re-reads what it acts on.
public struct OrganizationHoldings: Sendable, Equatable {
    public let workspaces: [Workspace]
    public var places: [WorkspaceMember]
    public var keys: [APIKey]
    /// When the listing was read.
    public var readAt: Date
    /// The organization's members, read live with the listing when Scimify has no mirror to name makers from
    /// (before the first refresh): without them every key would read as made by someone who left. `nil` when
    /// the mirror names them.
    public var members: [Member]?
    /// Workspace names by id, for naming thousands of keys' workspaces without a search each.
    private let workspaceNames: [String: String]

    public init(workspaces: [Workspace], places: [WorkspaceMember], keys: [APIKey], readAt: Date) {
        self.workspaces = workspaces
        workspaceNames = Dictionary(workspaces.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        self.places = places
        self.keys = keys
        self.readAt = readAt
    }

    /// The maker of each key by key id: from the live ``members`` read with the listing when there are, else
    /// from `people` (member id, email: the mirror's members).
    public func makers(people: some Sequence<(String, String)>) -> [String: APIKeyMaker] {
        if let members { return APIKeyMaker.of(keys, people: members.lazy.map { ($0.id, $0.email) }) }
        return APIKeyMaker.of(keys, people: people)
    }

    /// What `member` holds: their workspace places (in workspace order) and the keys they created.
    public func person(_ member: Member) -> PersonHoldings {
        let roles = Dictionary(
            places.filter { $0.userID == member.id }.map { ($0.workspaceID, $0.role) }, uniquingKeysWith: { a, _ in a }
        )
        return PersonHoldings(
            member: member,
            workspaces: workspaces.compactMap { workspace in
                roles[workspace.id].map { PersonHoldings.Place(workspace: workspace, role: $0) }
            },
            keys: keys.filter { $0.createdByUserID == member.id })
    }

    /// The name of a key's workspace: `(organization)` for an organization-scoped key (usable in several
    /// workspaces, in none in particular); `Default` for none (the Default Workspace in older responses) and for
    /// an id the listing does not have: the workspace list omits only the
    /// Default Workspace (unless `include_default=true`; archived ones are asked for), while `scope` carries its
    /// real id (spec §12, §14.1).
    public func workspaceName(of key: APIKey) -> String {
        if key.scopeType == .organization { return "(organization)" }
        guard let id = key.workspaceID else { return "Default" }
        return workspaceNames[id] ?? "Default"
    }
}
