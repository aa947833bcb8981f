import Foundation

extension SimulatorSeed {
    /// A user id that was a member once and has left: its legacy key is the demo's orphan.
    public static let departedUserID = "user_01DepartedDepartedDepar"

    /// The demo's Console side: three workspaces (one archived), members in them with workspace roles, and
    /// keys of each kind: personal, legacy workspace (some made by people who may be removed), a service
    /// account's, one with no recorded creator, and one active legacy key of someone who already left.
    /// `people` are the demo members' ids in ``demoPeople`` order (Jane Smith first).
    static func loadWorkspacesAndKeys(into organization: isolated SimulatedOrganization, people: [String]) {
        let production = organization.addWorkspace(name: "Production")
        let research = organization.addWorkspace(name: "Research")
        _ = organization.addWorkspace(name: "Old Prototype", archived: true)
        let (jane, jose, chloe) = (people[0], people[1], people[2])
        organization.addWorkspaceMember(workspaceID: production, userID: jane, role: "workspace_developer")
        organization.addWorkspaceMember(workspaceID: research, userID: jane, role: "workspace_user")
        organization.addWorkspaceMember(workspaceID: research, userID: jose, role: "workspace_admin")
        organization.addWorkspaceMember(workspaceID: production, userID: chloe, role: "workspace_developer")
        organization.addAPIKey(name: "jane-laptop", creator: jane, kind: .personal, workspaceID: production)
        organization.addAPIKey(name: "ci-deploy", creator: jane, kind: .legacyWorkspace, workspaceID: production)
        organization.addAPIKey(name: "research-batch", creator: jose, kind: .legacyWorkspace, workspaceID: research)
        organization.addAPIKey(
            name: "jose-old-notebook", creator: jose, kind: .personal, workspaceID: research, status: "inactive")
        organization.addAPIKey(name: "billing-export", creator: nil, kind: .serviceAccount, workspaceID: nil)
        organization.addAPIKey(name: "legacy-import", creator: nil, kind: .legacyWorkspace, workspaceID: nil)
        organization.addAPIKey(
            name: "old-pipeline", creator: departedUserID, kind: .legacyWorkspace, workspaceID: production)
    }
}
